#!/usr/bin/env python3
"""Score a store against a campaign's expected.json, as tests/support's score() does.

    python3 scripts/campaigns/score.py STORE EXPECTED [--quiet]

Every expected row is matched to the store's observations of its campaign by force, measure, period, breakdown
(when given) and whichever category keys it gives (category_group / category_subgroup / category_code, or the
TikTok file's offence_* / outcome_* keys); the values of all matching rows are summed. "suppressed" means every
matching row is withheld (value null). Reported:

- wrong:    expected rows no store row answers, or whose matching rows sum to another value
- spurious: store rows for a (force, measure, period) the file asks about, or of a plain-count measure for a
            force it lists, that answer no expected row
- status:   a force whose response status, year basis or exemption differs from the file's
- blocking: open blocking problems of the campaign (kind, force, file, sheet, cell, message)

Exit status 0 when nothing is wrong, missing or spurious and every status matches; 1 otherwise.
"""
import json
import sys

import duckdb

KEYS = ["offence_group", "offence_subgroup", "offence_code", "outcome_group", "outcome_code",
        "category_group", "category_subgroup", "category_code"]


def key_of(row, k):
    vocab, part = k.split("_", 1)
    if vocab != "category" and row["breakdown"] != vocab:
        return None
    return {"group": row["category_group"], "subgroup": row["category_subgroup"]}.get(part, row["category_code"])


def norm(s):
    return None if s is None else s.strip().lower()


def answers(row, force, e):
    if row["force"] != force or row["measure"] != e["measure"] or row["period"] != e["period"]:
        return False
    if "breakdown" in e and row["breakdown"] != e["breakdown"]:
        return False
    return all(norm(key_of(row, k)) == norm(e[k]) for k in KEYS if k in e)


def load(store, campaign, table):
    con = duckdb.connect()
    rel = con.sql(f"select * from read_parquet('{store}/{table}/{campaign}.parquet')")
    cols = rel.columns
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def describe(r):
    cat = "/".join(str(r[k]) for k in ("category_group", "category_subgroup", "category_code") if r.get(k))
    where = f"{r['source_file']} [{r['source_sheet']}]!{r['source_cell']}"
    return (f"{r['force']} {r['measure']} {r['period']} {r['breakdown'] or ''} {cat or '-'} "
            f"label={r['label']!r} value={r['value']} at {where}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    store, expected_path = args
    exp = json.load(open(expected_path))
    campaign = exp["campaign"]
    obs = load(store, campaign, "observations")
    responses = {r["force"]: r for r in load(store, campaign, "responses")}
    problems = load(store, campaign, "problems")

    correct = total = 0
    wrong, spurious, status = [], [], []
    used = [False] * len(obs)
    asked, counts = set(), set()
    for force, e in exp["forces"].items():
        for o in e["observations"]:
            total += 1
            asked.add((force, o["measure"], o["period"]))
            if "breakdown" not in o and not any(k in o for k in KEYS):
                counts.add(o["measure"])
            hits = [i for i, r in enumerate(obs) if answers(r, force, o)]
            for i in hits:
                used[i] = True
            vals = [obs[i]["value"] for i in hits]
            if o["value"] == "suppressed":
                ok = bool(hits) and all(v is None for v in vals)
            else:
                ok = bool(hits) and all(v is not None for v in vals) and sum(vals) == o["value"]
            if ok:
                correct += 1
            else:
                got = ", ".join(f"{obs[i]['value']} ({obs[i]['label']!r} at {obs[i]['source_sheet']}!{obs[i]['source_cell']})"
                                for i in hits) or "nothing"
                what = "missing" if not hits else "wrong"
                keys = {k: o[k] for k in o if k not in ("measure", "period", "value")}
                wrong.append(f"{what}: {force} {o['measure']} {o['period']} {keys} expected {o['value']} — got {got}")
    for i, r in enumerate(obs):
        if not used[i] and r["force"] in exp["forces"] and (
                r["measure"] in counts or (r["force"], r["measure"], r["period"]) in asked):
            spurious.append(describe(r))
    for force, e in exp["forces"].items():
        r = responses.get(force)
        want = {"refused_s12": "refused"}.get(e["status"], e["status"])
        if r is None:
            status.append(f"{force}: no responses row")
            continue
        if r["status"] != want:
            status.append(f"{force}: status expected {want} got {r['status']}")
        if "period_basis" in e and r["period_basis"] != e["period_basis"]:
            status.append(f"{force}: period_basis expected {e['period_basis']} got {r['period_basis']}")
        if "exemption" in e and r["exemption"] != e["exemption"]:
            status.append(f"{force}: exemption expected {e['exemption']} got {r['exemption']}")
    blocking = [p for p in problems if p["severity"] == "blocking" and p["settled"] is None]

    print(f"{campaign}: {correct}/{total} expected values correct, {len(wrong)} wrong or missing, "
          f"{len(spurious)} spurious rows, {len(status)} status mismatches, {len(blocking)} open blocking problems")
    if not quiet:
        for title, items in (("wrong or missing", wrong), ("spurious", spurious), ("status", status)):
            if items:
                print(f"\n{title}:")
                for x in items:
                    print("  " + x)
        if blocking:
            print("\nopen blocking problems:")
            for p in blocking:
                print(f"  {p['force']} {p['kind']} {p['source_file']} [{p['source_sheet']}]!{p['source_cell']}: "
                      f"{p['message']}" + (f" (label {p['label']!r})" if p["label"] else ""))
    sys.exit(0 if not (wrong or spurious or status) else 1)


if __name__ == "__main__":
    main()
