from handbook.cli.commands import main

main()
