"""Pure domain rules: validators, kinds, filing state machine, date arithmetic. No I/O, no ORM."""
