"""`zorgzaam casework_rotate_keys`: the former name of `zorgzaam rotate_keys`, kept so
existing runbooks work. It rotates every encrypted field of every part, not only casework's."""

from zorgzaam.common.management.commands.rotate_keys import Command as RotateKeys


class Command(RotateKeys):
    help = "Same as rotate_keys: re-encrypt every encrypted field with the newest key."
