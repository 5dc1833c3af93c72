"""lemlist: campaigns whose sequence steps are created, patched and deleted one by one."""
