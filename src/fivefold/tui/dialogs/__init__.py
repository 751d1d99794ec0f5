"""Modal dialogs: new assessment, confirm, goal, status, export, conflict."""
