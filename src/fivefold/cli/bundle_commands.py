"""`fivefold bundle export` and `fivefold bundle import`: move assessments between databases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fivefold.bundle import Imported, build_bundle, import_bundle, read_bundle, render_bundle
from fivefold.bundle.banks import banks_here, check_carried, install_carried
from fivefold.bundle.format import BundleBankFile
from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.export import write_atomic
from fivefold.locations import user_bank_dir
from fivefold.visible import one_line, visible
from fivefold.vocabulary import EXIT_OK


def export_bundle(context: Context, args: argparse.Namespace) -> int:
    bundle = build_bundle(context.store, args.assessment_id, all_cycles=args.all_cycles, registry=context.registry)
    write_atomic(args.output, render_bundle(bundle), force=args.force)
    cycles = ", ".join(str(cycle.assessment.cycle) for cycle in bundle.cycles)
    events = sum(len(cycle.audit_events) for cycle in bundle.cycles)
    print(f"{visible(str(args.output))}: cycle(s) {cycles}, {events} audit events", file=sys.stderr)
    return EXIT_OK


def import_bundle_file(context: Context, args: argparse.Namespace) -> int:
    bundle = read_bundle(args.path)
    here = banks_here(bundle, context.registry)
    missing = [carried for carried, state in here if state == "missing"]
    folder = user_bank_dir()
    try:
        if args.install_banks:  # every one checked before anything is written
            for carried in missing:
                check_carried(carried, folder)
        results = import_bundle(context.store, bundle)
    except FivefoldError as error:  # its text can quote the bundle: shown, never sent to the terminal
        raise FivefoldError(visible(f"{args.path}: {error}", keep_newlines=False)) from None
    for result in results:
        print(_outcome(result))
    installed, failure = _install(args.path, missing, folder) if args.install_banks else (set(), None)
    carried_missing = {(carried.id, carried.version) for carried in missing}
    # A carried bank that could not be written is said once, by the sentence that ends the command.
    settled = installed | (carried_missing if failure else set())
    for result in results:
        _note_missing_bank(context, result, settled, carried_missing)
    for carried, state in here:
        if state == "other content":
            print(
                f"fivefold: note: the bundle carries the bank '{_shown(carried.id)}' version {_shown(carried.version)}, "
                "which is installed here with other content; the one installed here is kept and used",
                file=sys.stderr,
            )
    if failure:
        raise FivefoldError(failure)
    return EXIT_OK


def _outcome(result: Imported) -> str:
    assessment = result.cycle.assessment
    name = f"cycle {assessment.cycle} of '{one_line(assessment.title, 60)}' ({assessment.uuid[:8]})"
    events = len(result.cycle.audit_events)
    said = {
        "imported": f"imported as assessment {result.assessment_id}",
        "unchanged": f"already here as assessment {result.assessment_id}, unchanged",
        "updated": f"brought assessment {result.assessment_id} up to date ({result.local_events} -> {events} events)",
        "newer here": (
            f"assessment {result.assessment_id} here is newer ({result.local_events} events, the bundle has "
            f"{events}); kept as it is"
        ),
    }[result.outcome]
    return f"{name}: {said}"


def _note_missing_bank(
    context: Context, result: Imported, settled: set[tuple[str, str]], carried: set[tuple[str, str]]
) -> None:
    """A note on stderr if the bank the imported assessment opens with is not installed here, saying how to get it
    (none for a bank in `settled`: installed just now, or said to have failed)."""
    assessment = result.cycle.assessment
    bank = (assessment.bank_id, assessment.bank_version)
    uses = {bank, (result.cycle.digest.bank.id, result.cycle.digest.bank.version)}
    if uses & settled:
        return
    try:
        context.registry.get(*bank)
    except FivefoldError:
        if uses & carried:
            advice = "the bundle carries it: import it again with --install-banks to install it and open"
        else:
            advice = "install it to open"
        print(
            f"fivefold: note: the bank '{_shown(bank[0])}' version {_shown(bank[1])} is not installed here; "
            f"{advice} assessment {result.assessment_id}",
            file=sys.stderr,
        )


def _install(path: Path, missing: list[BundleBankFile], folder: Path) -> tuple[set[tuple[str, str]], str | None]:
    """Install each carried bank (checked already), one line each: the (id, version) of those installed,
    and why the first that could not be written was not (the import is made by then)."""
    installed: set[tuple[str, str]] = set()
    for carried in missing:
        try:
            target = install_carried(carried, folder)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return installed, visible(
                f"{path}: imported, but the bank '{carried.id}' version {carried.version} could not be written "
                f"into {folder} ({reason}); import it again with --install-banks once it can",
                keep_newlines=False,
            )
        installed.add((carried.id, carried.version))
        print(f"installed the bank '{_shown(carried.id)}' version {_shown(carried.version)} as {visible(str(target))}")
    return installed, None


def _shown(text: str) -> str:
    return visible(text, keep_newlines=False)
