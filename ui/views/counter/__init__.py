"""The counter: find a customer, see who they are, log what they bought.

Used dozens of times a day for a few seconds each, so everything is on the
keyboard: type in the search box (results as you type, Up/Down to move, Enter
to pick, Esc to clear), type the amount, Enter to save. Alt+P/V/S/E/R choose
the kind of visit, Ctrl+N adds a customer with what was typed, F2 goes back to
the amount, Ctrl+F to the search. After a save, a banner says what was saved,
shows a level change in colour and offers Undo for a few seconds.

The page (:mod:`.view`) is made of the search box (:mod:`.search_box`), the
results (:mod:`.results`), the customer's card (:mod:`.card`), the entry form
(:mod:`.form`, with :mod:`.staff_box` and :mod:`.save_button`) and the banner
(:mod:`.banner`).
"""
