import ParapetCLI
ParapetCommand.main()
