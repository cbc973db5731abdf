"""figurebot: figure lookups with the source attached, and anniversary reminders."""
