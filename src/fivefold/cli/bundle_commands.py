"""`fivefold bundle export` and `fivefold bundle import`: move assessments between databases."""

from __future__ import annotations

import argparse
import sys

from fivefold.bundle import build_bundle, import_bundle, read_bundle, render_bundle
from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.export import write_atomic
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
    try:
        results = import_bundle(context.store, bundle)
    except FivefoldError as error:  # its text can quote the bundle: shown, never sent to the terminal
        raise FivefoldError(visible(f"{args.path}: {error}", keep_newlines=False)) from None
    for result in results:
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
        print(f"{name}: {said}")
        try:
            context.registry.get(assessment.bank_id, assessment.bank_version)
        except FivefoldError:
            print(
                f"fivefold: note: the bank '{visible(assessment.bank_id)}' version {visible(assessment.bank_version)} "
                f"is not installed here; install it to open assessment {result.assessment_id}",
                file=sys.stderr,
            )
    return EXIT_OK
