import ContpteCLI

JournalRecovery.run()
ContpteCommand.runMain()
