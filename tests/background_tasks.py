"""A task for the worker tests only: its first attempt hangs (until the worker running it is killed), every
later attempt finishes by writing a file the test reads."""

import time
from pathlib import Path

from news.services.background import task


@task(takes_context=True)
def hang_on_first_attempt(context, folder):
    folder = Path(folder)
    if context.attempt == 1:
        (folder / "started").write_text("1")
        time.sleep(120)
    (folder / "finished").write_text(str(context.attempt))
