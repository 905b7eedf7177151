"""The executive's desk: one personal, revocable page with everything waiting on them."""
