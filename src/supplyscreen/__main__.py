from supplyscreen.cli import main

main()
