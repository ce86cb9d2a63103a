"""incremental.walk: a folder's files in the order and with the stats a build records them by."""

import os

from generator import incremental


def rglob_files(folder):
    """What walk replaced: every file by sorting rglob's paths, asking each twice."""
    return [(p, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]


def test_walk_lists_the_files_as_sorting_their_paths_would(tmp_path):
    for name in ("a/b.txt", "a-c/d.txt", "a.txt", "A/e", "b/__pycache__/x.pyc", "b/ỏ.yml", "b/o.yml", "z/y/x/w"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name * 3)
    os.symlink(tmp_path / "a", tmp_path / "link-to-a")  # a linked folder is not walked into, as by rglob
    os.symlink(tmp_path / "a.txt", tmp_path / "link-to-a.txt")  # a linked file is listed
    walked = list(incremental.walk(tmp_path))
    assert walked == rglob_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p, _, _ in walked] == [
        "A/e", "a/b.txt", "a-c/d.txt", "a.txt", "b/o.yml", "b/ỏ.yml", "link-to-a.txt", "z/y/x/w"]


def test_a_file_removed_while_its_folder_is_walked_is_left_out(tmp_path):
    for name in ("a", "b", "c/d", "e"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name)
    walking = incremental.walk(tmp_path)
    assert next(walking)[0] == tmp_path / "a"  # the folder is listed: a, b, c, e
    (tmp_path / "b").unlink()
    (tmp_path / "c/d").unlink()
    (tmp_path / "c").rmdir()
    assert [p for p, _, _ in walking] == [tmp_path / "e"]


def test_a_shown_texts_repr_names_every_field():
    """List pages' keys are their data's repr (incremental.page_key): a field of Shown missing
    from its hand-written repr would leave a page unchanged when that field changes."""
    import dataclasses

    from generator.shown import Shown

    shown = Shown("Mật ong", "vi", False)
    for field in dataclasses.fields(Shown):
        other = dataclasses.replace(shown, **{field.name: not getattr(shown, field.name) if field.type in (bool, "bool") else "en"})
        assert repr(other) != repr(shown), field.name


def test_kept_stories_are_made_again_by_another_markdown_or_nh3_only(monkeypatch, tmp_path):
    """A story's HTML is kept across builds by other generator code (the rest of an upgrade
    does not convert every story again), not across versions of what converts it."""
    import importlib.metadata

    from generator import shown

    real = importlib.metadata.version
    codes = {}
    for package in (None, "markdown", "nh3"):
        shown.story_code.cache_clear()
        monkeypatch.setattr(importlib.metadata, "version", lambda name, package=package: "99.0" if name == package else real(name))
        codes[package] = shown.KeptStories(tmp_path).code
    shown.story_code.cache_clear()
    monkeypatch.undo()
    assert len(set(codes.values())) == 3
    assert codes[None] == shown.KeptStories(tmp_path).code
