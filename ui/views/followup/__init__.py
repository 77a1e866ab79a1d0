"""Follow-up (跟进): today's, overdue, upcoming and recently closed tasks, and the
tasks the shop's rules suggest. The page (:mod:`.page`) assembles whose tasks to
show (:mod:`.filters`), the task lists (:mod:`.task_lists`) and the suggestions
(:mod:`.suggestions_panel`, answered one by one or many at once by :mod:`.answers`).
"""
