"""Communities (社群): their leaders (大C), members (小c), activity and zombies
(:mod:`ui.views.communities.page` assembles the list and the members panel)."""
