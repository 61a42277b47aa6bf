"""Audit events of the stories part. Never names or story text: ids and field names only."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

STORY_CREATED = define("stories.create", Action.CREATE, _("told a story"))
STORY_DEIDENTIFIED = define("stories.deidentify", Action.CHANGE, _("de-identified a story"))
STORY_EDITED = define("stories.edit", Action.CHANGE, _("edited a de-identified story"))
STORY_APPROVED = define("stories.approve", Action.CHANGE, _("approved a story for publication"))
STORY_WITHDRAWN = define("stories.withdraw", Action.CHANGE, _("withdrew a story"))
STORY_VIEWED = define(
    "stories.view", Action.VIEW, _("read a story or photo not yet published (the team)")
)
ORIGINAL_VIEWED = define("stories.original_view", Action.VIEW, _("read the original of a story"))
ORIGINAL_PURGED = define("stories.original_purge", Action.DELETE, _("purged story originals"))
ROUND_CREATED = define("stories.round_create", Action.CREATE, _("opened a selection round"))
STORY_SELECTED = define("stories.select", Action.CREATE, _("selected a significant story"))
DOMAIN_CREATED = define("stories.domain_create", Action.CREATE, _("added a domain of change"))
PASSAGE_RESTORED = define(
    "stories.restore", Action.CHANGE, _("restored a passage the de-identifier had replaced")
)
KEEP_WORD_ADDED = define(
    "stories.keep_add", Action.CREATE, _("added a word to the de-identification keep-list")
)
KEEP_WORD_REMOVED = define(
    "stories.keep_remove", Action.DELETE, _("removed a word from the de-identification keep-list")
)
KEEP_LIST_VIEWED = define(
    "stories.keep_view", Action.VIEW, _("read the de-identification keep-list")
)
