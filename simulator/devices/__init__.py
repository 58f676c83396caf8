"""Virtual hardware the real drivers talk to: the EV bench instrument (SCPI on a pty)."""
