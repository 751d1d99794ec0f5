"""The app's full screens: home, assessment, summary, cycle diff, help."""
