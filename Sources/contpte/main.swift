import ContpteCLI

await ContpteCommand.main()
