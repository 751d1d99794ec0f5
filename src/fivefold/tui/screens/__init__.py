"""The app's full screens: home, assessment, summary, help."""
