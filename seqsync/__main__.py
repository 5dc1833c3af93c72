from seqsync.cli import main

main()
