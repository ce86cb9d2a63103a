"""The `ocop` command line. Exit codes: 0 fine, 1 content problems, 2 wrong usage, 3 the
machine refused (a folder that cannot be written, a full disk, a missing permission)."""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import sys
import time
from pathlib import Path

from .problems import ContentError, Problem

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocop", description="Build the public catalogue of certified OCOP products.")
    parser.add_argument("--root", type=Path, default=Path("."), help="the catalogue's folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = commands.add_parser("init", help="write a new, empty catalogue into DIR from a few answers (asked, or given as options)")
    init.add_argument("dir", type=Path, metavar="DIR", help="where to write it: a new or empty folder")
    init.add_argument("--lang", choices=["vi", "en"], default="vi", help="the language of the questions")
    for option in ("title-vi", "title-en", "base-url", "owner-vi", "owner-en", "phone", "email"):
        init.add_argument(f"--{option}")
    init.add_argument("--languages", help="the site's languages, separated by commas (default: vi, en)")
    commands.add_parser("check", help="validate every record and the config; print every problem")
    build = commands.add_parser("build", help="validate, then build the whole site")
    build.add_argument("--out", type=Path, default=Path("site"), help="where to write the site (default: site/)")
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    serve.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", help="write a new product record from a few answers (asked, or given as options)")
    new.add_argument("--lang", choices=["vi", "en"], default="vi", help="the language of the questions")
    new.add_argument("--id", help="the product's id (default: proposed from the name)")
    for option in ("name-vi", "name-en", "category", "area", "stars", "decision", "date", "producer", "address"):
        new.add_argument(f"--{option}")
    new.add_argument("--producer-kind", choices=["cooperative", "enterprise", "household", "other"], help="default: guessed from the producer's name")
    confirm = commands.add_parser("confirm", help="confirm the suggested values of drafts; a draft that lacks nothing more is published by the next build")
    confirm.add_argument("ids", nargs="*", metavar="ID", help="the drafts to confirm (their file names without .yml)")
    confirm.add_argument("--all", action="store_true", help="every draft with suggestions: check them first in `ocop report`")
    report = commands.add_parser("report", help="certificates to renew and records to complete")
    report.add_argument("--days", type=int, default=90, help="certificates expiring within this many days (default 90)")
    report.add_argument("--csv", type=Path, help="also write the table as CSV (UTF-8 with BOM) to this file")
    report.add_argument("--date", type=_iso_date, help="the day to report for (default: today in Vietnam)")
    schema = commands.add_parser("schema", help="write the JSON Schema of a record for editors' tools")
    schema.add_argument("--out", type=Path, default=Path("schema/product.schema.json"))
    imp = commands.add_parser("import", help="create and update records from the office's spreadsheet (.xlsx, .xls or .csv)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, and the ids it would give; write nothing")
    imp.add_argument("--decision", help="the recognising decision of rows that name none (default: the one in the sheet's caption)")
    imp.add_argument("--date", type=_any_date, help="the date of that decision, YYYY-MM-DD or DD/MM/YYYY")
    imp.add_argument("--lang", choices=["vi", "en"], default="vi", help="the language of the messages (default: vi)")
    print_ = commands.add_parser("print", help="booth materials for a fair as PDF")
    print_.add_argument("fair", metavar="FAIR", help="a fair's id: the name of its file in content/fairs/")
    print_.add_argument("--out", type=Path, default=Path("print"), help="where to write the PDFs (default: print/)")
    for command in (build, serve, print_):
        command.add_argument("--date", type=_iso_date, help="the day statuses are computed for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in Vietnam)")
    args = parser.parse_args(argv)
    if args.command == "init":
        return _init(args)
    root = args.root
    if not (root / "site_config.yml").is_file():
        parser.error(f"{root}/site_config.yml not found: run ocop from the catalogue's folder or pass --root")
    try:
        if args.command == "check":
            return _check(root)
        if args.command == "new":
            return _new(parser, root, args)
        if args.command == "confirm":
            if bool(args.ids) == args.all:
                parser.error("name the drafts to confirm, or give --all")
            return _confirm(root, args.ids, args.all)
        if args.command == "report":
            return _report_command(root, args.days, args.csv, args.date or build_date())
        if args.command == "schema":
            return _schema(root, args.out if args.out.is_absolute() else root / args.out)
        if args.command == "import":
            from .spreadsheet import import_sheet

            if args.file.suffix.lower() not in (".xlsx", ".xls", ".csv") or not args.file.is_file():
                parser.error(f"{args.file}: expected an existing .xlsx, .xls or .csv file")
            from .sheet_values import parse_decision

            decision = parse_decision(args.decision) if args.decision else None
            if args.decision and decision is None:
                parser.error(f"--decision: expected a decision number like 3610/QĐ-UBND (found {args.decision!r})")
            return import_sheet(root, args.file, args.dry_run, decision[0] if decision else None, args.date, args.lang)
        as_of = args.date or build_date()
        if args.command == "build":
            return _build(parser, root, args.out if args.out.is_absolute() else root / args.out, as_of)
        if args.command == "print":
            return _print(parser, root, args.fair, args.out if args.out.is_absolute() else root / args.out, as_of)
        return _serve(root, args.port, as_of)
    except ContentError as e:
        _report(e.problems)
        print(f"{_count(e.problems)}; nothing was written.", file=sys.stderr)
        return 1
    except OSError as e:  # the machine's fault, not the content's: one line, never a traceback
        from .swap import SiteChanged

        kept = ""
        if args.command == "build":
            out = args.out if args.out.is_absolute() else root / args.out
            kept = f"; {out} {e.state if isinstance(e, SiteChanged) else 'is as it was'}"
        print(f"ocop: {_environment_problem(e)}{kept}", file=sys.stderr)
        return 3


ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, then run this again",
    errno.EDQUOT: "the disk quota is used up: free some space, then run this again",
    errno.EROFS: "the file system is read-only: choose a folder that can be written",
    errno.EACCES: "permission denied: check who may read and write this folder (ls -ld)",
    errno.EPERM: "permission denied: check who may read and write this folder (ls -ld)",
}


def _environment_problem(e: OSError) -> str:
    where = f"{e.filename}: " if e.filename else ""
    return where + ((e.errno is not None and ADVICE.get(e.errno)) or (e.strerror or str(e)).rstrip("."))


def build_date() -> datetime.date:
    """Statuses are computed as of this day: SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), VIETNAM).date()
    return datetime.datetime.now(VIETNAM).date()


def _check(root: Path) -> int:
    from .cache import CACHE_DIR, Cache
    from .qr import product_codes
    from .validate import load_catalogue

    catalogue, warnings = load_catalogue(root)
    _report(warnings + product_codes(catalogue, Cache(root / CACHE_DIR))[1])
    drafts = f", {_counted(len(catalogue.drafts), 'draft')} (not published)" if catalogue.drafts else ""
    print(f"ok: {_counted(len(catalogue.records), 'product')}{drafts}, {_counted(len(catalogue.groups), 'group')}, {_counted(len(catalogue.areas), 'area')}")
    return 0


def _build(parser: argparse.ArgumentParser, root: Path, out: Path, as_of: datetime.date) -> int:
    from .build import TargetError, build_site

    started = time.perf_counter()
    try:
        result = build_site(root, out, as_of, publish=True)
    except TargetError as e:
        parser.error(str(e))
    _report(result.warnings)
    seconds = time.perf_counter() - started
    if result.up_to_date:
        print(f"{out} is up to date: nothing changed since its last build ({_counted(result.products, 'product')}, statuses as of {as_of})")
    else:
        print(f"built {_counted(result.products, 'product')}, {_counted(result.pages, 'page')} into {out} in {seconds:.1f} s (statuses as of {as_of})")
    return 0


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _print(parser: argparse.ArgumentParser, root: Path, slug: str, out: Path, as_of: datetime.date) -> int:
    from .cache import write_atomic
    from .printing import fair_materials
    from .validate import load_catalogue

    started = time.perf_counter()
    catalogue, warnings = load_catalogue(root)
    _report(warnings)
    if slug not in catalogue.fairs:
        parser.error(f"no fair {slug!r} in content/fairs/ (there are: {', '.join(catalogue.fairs) or 'none'})")
    for name, content in fair_materials(catalogue, slug, as_of).files(slug).items():
        write_atomic(out / name, content)  # a reader never sees half a PDF
        print(f"wrote {out / name} ({len(content) / 1024:.0f} KB)")
    print(f"printed {slug} in {time.perf_counter() - started:.1f} s")
    return 0


def _new(parser: argparse.ArgumentParser, root: Path, args) -> int:
    from .editing import QUESTIONS, check_answer, producer_kind, propose_id, record_text
    from .validate import ID_PATTERN, PRODUCTS_DIR, load_catalogue

    catalogue, _ = load_catalogue(root)
    taken = {record.id for record in catalogue.records} | {p.stem for p in (root / PRODUCTS_DIR).glob("*.yml")}
    try:
        answers = _ask("new", QUESTIONS[args.lang], args, lambda key, text, _: check_answer(key, text, catalogue))
    except UsageError as e:
        parser.error(str(e))
    answers["producer_kind"] = args.producer_kind or producer_kind(answers["producer"])
    product_id = args.id or propose_id(answers["name_vi"], taken)
    if not ID_PATTERN.fullmatch(product_id):
        parser.error(f"--id: the id is the file name under content/products/: use 3-64 characters a-z, 0-9 and '-', starting and ending with a letter or digit (found {product_id!r})")
    if product_id in taken:
        parser.error(f"the id {product_id!r} is taken: content/products/{product_id}.yml exists")
    path = root / PRODUCTS_DIR / f"{product_id}.yml"
    path.write_text(record_text(answers), encoding="utf-8")
    print(f"wrote {PRODUCTS_DIR}/{product_id}.yml")
    try:
        load_catalogue(root)
    except ContentError as e:  # cannot happen with checked answers; say so if it does
        path.unlink()
        raise e
    return 0


def _init(args) -> int:
    from .starter import OPTIONAL, QUESTIONS, check_answer, holds_catalogue, write_catalogue
    from .validate import load_catalogue

    folder = args.dir
    if folder.exists() and not folder.is_dir():
        return _usage_error(f"{folder} is a file: name a new or empty folder")
    if holds_catalogue(folder):
        return _usage_error(f"{folder} already holds a catalogue (site_config.yml or content/): ocop init never overwrites one; name a new folder")
    try:
        answers = _ask("init", QUESTIONS[args.lang], args, check_answer, optional=OPTIONAL)
    except UsageError as e:
        return _usage_error(str(e))
    for relpath in write_catalogue(folder, answers):
        print(f"wrote {folder / relpath}")
    catalogue, _ = load_catalogue(folder)  # what init writes passes ocop check; say so if it does not
    print(f"ok: a new catalogue with {len(catalogue.groups)} groups, {len(catalogue.areas)} areas and no products yet")
    return 0


class UsageError(Exception):
    """A wrong option or answer: one line, exit status 2."""


def _ask(command: str, questions: list[tuple[str, str]], args, check, optional=frozenset()) -> dict:
    """Each answer from its option (--key) or, on a terminal, asked until it is right.
    check(key, text, answers so far) returns the value or raises ValueError. Without a
    terminal, a missing optional answer is empty and anything wrong is a UsageError."""
    answers: dict[str, object] = {}
    for key, question in questions:
        option = f"--{key.replace('_', '-')}"
        given = getattr(args, key)
        while True:
            if given is None and not sys.stdin.isatty():
                if key not in optional:
                    raise UsageError(f"{option} is needed when ocop {command} is not asked interactively")
                given = ""
            if given is None:
                given = input(f"{question}: ")
            try:
                answers[key] = check(key, given, answers)
                break
            except ValueError as e:
                if not sys.stdin.isatty():
                    raise UsageError(f"{option}: {e}" + (f" (found {given!r})" if given.strip() else "")) from None
                print(f"  {e}", file=sys.stderr)
                given = None
    return answers


def _usage_error(message: str) -> int:
    print(f"ocop: error: {message}", file=sys.stderr)
    return 2


def _confirm(root: Path, ids: list[str], every: bool) -> int:
    from .editing import confirm_text
    from .validate import PRODUCTS_DIR, load_catalogue

    catalogue, _ = load_catalogue(root)
    drafts = {d.id: d for d in catalogue.drafts}
    unknown = [i for i in ids if i not in drafts]
    if unknown:
        print(f"not drafts: {', '.join(unknown)} (the drafts are: {', '.join(drafts) or 'none'})", file=sys.stderr)
        return 1
    before = {}
    for draft_id in ids or [d for d, draft in drafts.items() if draft.product.suggested]:
        draft, path = drafts[draft_id], root / PRODUCTS_DIR / f"{draft_id}.yml"
        lacking = [m for m in draft.missing if not m.endswith("(suggested: confirm it)")]
        before[path] = path.read_text(encoding="utf-8")
        path.write_text(confirm_text(before[path], complete=not lacking), encoding="utf-8")
        confirmed = ", ".join(f"{name}: {getattr(draft.product, name)}" for name in draft.product.suggested) or "nothing suggested"
        print(f"{PRODUCTS_DIR}/{draft_id}.yml: confirmed {confirmed}; " + (f"still a draft, lacking {', '.join(lacking)}" if lacking else "published by the next build"))
    try:
        load_catalogue(root)
    except ContentError:
        for path, text in before.items():  # cannot happen with what import wrote; never leave it half done
            path.write_text(text, encoding="utf-8")
        raise
    return 0


def _report_command(root: Path, days: int, csv_path: Path | None, as_of: datetime.date) -> int:
    from .cache import write_atomic
    from .report import as_csv, attention, table
    from .validate import load_catalogue

    catalogue, _ = load_catalogue(root)
    rows = attention(catalogue, as_of, days)
    print(f"as of {as_of}, certificates expiring within {days} days and records to complete:")
    print(table(rows))
    if csv_path:
        write_atomic(csv_path, as_csv(rows))
        print(f"wrote {csv_path}")
    return 0


def _schema(root: Path, out: Path) -> int:
    from .editing import schema_text
    from .validate import load_catalogue

    catalogue, _ = load_catalogue(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(schema_text(catalogue), encoding="utf-8")
    print(f"wrote {out}")
    return 0


def _serve(root: Path, port: int, as_of: datetime.date) -> int:
    import gc
    import shutil
    import signal
    import tempfile

    from .build import build_site
    from .engine import theme_dir
    from .lock import lock_file
    from .preview import PreviewServer

    folder = Path(tempfile.mkdtemp(prefix="ocop-serve-"))
    out = folder / "site"

    def rebuild() -> None:
        try:
            build_site(root, out, as_of)
            print(f"rebuilt at {datetime.datetime.now():%H:%M:%S}", file=sys.stderr)
        except ContentError as e:  # keep serving the last good site; show what to fix
            _report(e.problems)
            print(f"{_count(e.problems)}; still serving the last good build.", file=sys.stderr)
        finally:
            gc.collect()  # cycles the build kept out of the collector's way (collector.long_lived): the next build would keep them too

    signal.signal(signal.SIGTERM, _interrupt)  # stopped by `kill` as by Ctrl+C
    server = None
    try:
        rebuild()
        if not out.exists():
            return 1
        server = PreviewServer(rebuild, port, out)
        for path in (root / "content", root / "site_config.yml", theme_dir(root)):
            server.watch(str(path))
        print(f"serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)", file=sys.stderr)
        server.serve()
    except KeyboardInterrupt:
        if server:
            server.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the preview goes with the server,
        lock_file(root, out).unlink(missing_ok=True)  # and so does the lock of its private folder
    return 0


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _count(problems: list[Problem]) -> str:
    errors = [p for p in problems if not p.warning]
    files = len({p.path for p in errors})
    return f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def _any_date(text: str) -> datetime.date:
    from .sheet_values import find_date

    found = find_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"expected a date like 2022-12-29 or 29/12/2022, found {text!r}")
    return found


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-29, found {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
