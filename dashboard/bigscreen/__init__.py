"""The 大屏: the county's figures on a meeting room's wall screen, one report section at a time."""
