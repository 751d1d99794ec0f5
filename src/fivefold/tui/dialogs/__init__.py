"""Modal dialogs: new assessment, confirm, goal, status, export, conflict, decision, accept blocker, approvals,
worked example, retired answers."""
