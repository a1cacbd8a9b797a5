//! Applying `corrections.toml` to one force's answer: the force's share of the decisions, resolved against the
//! reference, with a record of which were used (a decision that matches nothing is an error of the campaign).

use std::cell::RefCell;
use std::collections::BTreeSet;

use foi_model::corrections::{
    AcceptCorrection, FigureCorrection, ForceCorrection, LabelCorrection, SkipCorrection, TableCorrection, Target,
    TargetLevel,
};
use foi_model::{normalise, Campaign, CategoryMatch, CellRange, Corrections, Level, Problem, Reference};

/// The kinds of entry in corrections.toml, for keeping count of which were used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Section {
    Label,
    Table,
    Skip,
    Accept,
    Force,
    Figure,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Label => "label",
            Section::Table => "table",
            Section::Skip => "skip",
            Section::Accept => "accept",
            Section::Force => "force",
            Section::Figure => "figure",
        }
    }
}

/// What a label correction maps to: a category of a vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub vocabulary: String,
    pub category: CategoryMatch,
}

/// A force's labels mapped by hand, by normalised wording.
#[derive(Debug, Default)]
pub struct LabelMap {
    entries: Vec<(String, Mapped, usize)>,
    used: RefCell<BTreeSet<usize>>,
}

impl LabelMap {
    pub fn get(&self, label: &str) -> Option<Mapped> {
        // Asked of every label read; most forces map none.
        if self.entries.is_empty() {
            return None;
        }
        let key = normalise(label);
        let (_, m, i) = self.entries.iter().find(|(k, _, _)| *k == key)?;
        self.used.borrow_mut().insert(*i);
        Some(m.clone())
    }
    fn used(&self) -> Vec<usize> {
        self.used.borrow().iter().copied().collect()
    }
    pub fn was_used(&self, i: usize) -> bool {
        self.used.borrow().contains(&i)
    }
}

/// One force's share of the corrections, with the entries' indices in the file.
#[derive(Debug, Default)]
pub struct ForceCorrections<'a> {
    /// The force's folder relative to the raw folder (`tiktok-2024/kent`), for matching file names.
    pub dir: String,
    pub labels: LabelMap,
    pub label_entries: Vec<(usize, &'a LabelCorrection)>,
    pub tables: Vec<(usize, &'a TableCorrection)>,
    pub skips: Vec<(usize, &'a SkipCorrection)>,
    pub accepts: Vec<(usize, &'a AcceptCorrection)>,
    pub force: Vec<(usize, &'a ForceCorrection)>,
    pub figures: Vec<(usize, &'a FigureCorrection)>,
    used: RefCell<BTreeSet<(Section, usize)>>,
}

/// The category a correction's target names, or why it names nothing the campaign's vocabularies hold.
pub fn resolve_target(t: &Target, campaign: &Campaign) -> Result<Mapped, String> {
    let (name, level, value) = t.resolve()?;
    let v = campaign
        .vocabulary(&name)
        .ok_or_else(|| format!("no question of the campaign counts by the vocabulary {name:?}"))?;
    let category = match level {
        TargetLevel::Code => {
            let e = v.entry(&value).ok_or_else(|| format!("{name} has no code {value:?}"))?;
            CategoryMatch {
                level: Level::Code,
                group: e.group.clone(),
                subgroup: e.subgroup.clone(),
                code: Some(e.code.clone()),
            }
        }
        TargetLevel::Subgroup => {
            let e = v
                .entries
                .iter()
                .find(|e| e.subgroup.as_deref().is_some_and(|s| normalise(s) == normalise(&value)))
                .ok_or_else(|| format!("{name} has no subgroup {value:?}"))?;
            CategoryMatch { level: Level::Subgroup, group: e.group.clone(), subgroup: e.subgroup.clone(), code: None }
        }
        TargetLevel::Group => {
            let g = v
                .groups
                .iter()
                .find(|g| {
                    g.key == value || normalise(&g.key) == normalise(&value) || normalise(&g.label) == normalise(&value)
                })
                .ok_or_else(|| format!("{name} has no group {value:?}"))?;
            CategoryMatch { level: Level::Group, group: g.key.clone(), subgroup: None, code: None }
        }
    };
    Ok(Mapped { vocabulary: name, category })
}

impl<'a> ForceCorrections<'a> {
    /// The entries of `all` that concern the force `slug` (named by slug, name or alias); label entries without
    /// a force concern every force. Entries whose force or target names nothing are left to [`unknown_names`].
    pub fn for_force(
        all: &'a Corrections,
        campaign: &Campaign,
        reference: &Reference,
        slug: &str,
        dir: &str,
    ) -> ForceCorrections<'a> {
        let is_ours = |name: &str| reference.force(name).is_some_and(|f| f.slug == slug);
        fn pick<T>(v: &[T], ours: impl Fn(&T) -> bool) -> Vec<(usize, &T)> {
            v.iter().enumerate().filter(|(_, e)| ours(e)).collect()
        }
        let mut labels = LabelMap::default();
        let mut label_entries = Vec::new();
        for (i, l) in all.label.iter().enumerate() {
            if l.force.as_deref().is_none_or(is_ours) {
                if let Ok(m) = resolve_target(&l.target, campaign) {
                    for wording in l.label.all() {
                        labels.entries.push((normalise(wording), m.clone(), i));
                    }
                    label_entries.push((i, l));
                }
            }
        }
        ForceCorrections {
            dir: dir.to_string(),
            labels,
            label_entries,
            tables: pick(&all.table, |e: &TableCorrection| is_ours(&e.force)),
            skips: pick(&all.skip, |e: &SkipCorrection| is_ours(&e.force)),
            accepts: pick(&all.accept, |e: &AcceptCorrection| is_ours(&e.force)),
            force: pick(&all.force, |e: &ForceCorrection| is_ours(&e.force)),
            figures: pick(&all.figure, |e: &FigureCorrection| is_ours(&e.force)),
            used: RefCell::default(),
        }
    }

    pub fn mark(&self, section: Section, i: usize) {
        self.used.borrow_mut().insert((section, i));
    }

    /// Every entry used while reading this force.
    pub fn used(&self) -> BTreeSet<(Section, usize)> {
        let mut u = self.used.borrow().clone();
        u.extend(self.labels.used().into_iter().map(|i| (Section::Label, i)));
        u
    }

    /// A file named in a correction, relative to the force folder or to the raw folder.
    pub fn file_is(&self, rel: &str, named: &str) -> bool {
        let named = named.trim().trim_start_matches("./");
        rel == named || rel.strip_prefix(&self.dir).and_then(|r| r.strip_prefix('/')) == Some(named)
    }

    /// Settle the blocking problems an `[[accept]]` entry names.
    pub fn settle(&self, problems: &mut [Problem]) {
        for (i, a) in &self.accepts {
            for p in problems.iter_mut().filter(|p| p.is_open_blocking() && p.kind.as_str() == a.kind) {
                let file_ok = a.file.as_deref().is_none_or(|f| self.file_is(&p.source.file, f));
                let cell_ok = a.cell.as_deref().is_none_or(|c| cell_is(p, c));
                let label_ok = a
                    .label
                    .as_deref()
                    .is_none_or(|l| p.label.as_deref().is_some_and(|pl| normalise(pl) == normalise(l)));
                if file_ok && cell_ok && label_ok {
                    p.settled = Some(a.reason.clone());
                    self.mark(Section::Accept, *i);
                }
            }
        }
    }
}

/// `B5` or `'Sheet 1'!B5` names the problem's cell (or one of the cells folded into it).
fn cell_is(p: &Problem, named: &str) -> bool {
    match CellRange::parse(named) {
        Ok(r) => {
            let sheet_ok = r.sheet.as_deref().is_none_or(|s| s == p.source.sheet);
            let cells = p.cells.iter().chain(std::iter::once(&p.source.cell));
            sheet_ok
                && cells
                    .filter_map(|c| CellRange::parse(c.split(':').next().unwrap_or(c)).ok())
                    .any(|c| r.contains(c.first.0, c.first.1))
        }
        Err(_) => false,
    }
}

/// Entries whose force or target names nothing: errors of the corrections file, whatever the answers.
pub fn unknown_names(all: &Corrections, campaign: &Campaign, reference: &Reference) -> Vec<String> {
    let mut out = Vec::new();
    let mut force = |section: &str, i: usize, name: &str| {
        if reference.force(name).is_none() {
            let hint =
                reference.suggest_force(name).map(|f| format!(" (did you mean {}?)", f.slug)).unwrap_or_default();
            out.push(format!("[[{section}]] #{}: no force called {name:?}{hint}", i + 1));
        }
    };
    for (i, e) in all.table.iter().enumerate() {
        force("table", i, &e.force);
    }
    for (i, e) in all.skip.iter().enumerate() {
        force("skip", i, &e.force);
    }
    for (i, e) in all.accept.iter().enumerate() {
        force("accept", i, &e.force);
    }
    for (i, e) in all.force.iter().enumerate() {
        force("force", i, &e.force);
    }
    for (i, e) in all.figure.iter().enumerate() {
        force("figure", i, &e.force);
    }
    for (i, e) in all.label.iter().enumerate() {
        if let Some(f) = &e.force {
            force("label", i, f);
        }
    }
    for (i, e) in all.label.iter().enumerate() {
        if let Err(why) = resolve_target(&e.target, campaign) {
            out.push(format!("[[label]] #{} ({:?}): {why}", i + 1, e.label.first()));
        }
    }
    for (i, e) in all.figure.iter().enumerate() {
        if !e.target.is_empty() {
            if let Err(why) = resolve_target(&e.target, campaign) {
                out.push(format!("[[figure]] #{}: {why}", i + 1));
            }
        }
        if campaign.question(&e.question).is_none() {
            out.push(format!("[[figure]] #{}: the campaign asks no question {:?}", i + 1, e.question));
        }
    }
    for (i, e) in all.table.iter().enumerate() {
        if campaign.question(&e.question).is_none() {
            out.push(format!("[[table]] #{}: the campaign asks no question {:?}", i + 1, e.question));
        }
    }
    out
}

/// The entries of `all` no force used, described for the error message.
pub fn unused(all: &Corrections, used: &BTreeSet<(Section, usize)>) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |section: Section, n: usize, describe: &dyn Fn(usize) -> String| {
        for i in 0..n {
            if !used.contains(&(section, i)) {
                out.push(format!("[[{}]] #{}: {}", section.name(), i + 1, describe(i)));
            }
        }
    };
    check(Section::Label, all.label.len(), &|i| {
        let l = &all.label[i];
        format!(
            "no label {:?}{} was read",
            l.label.first(),
            l.force.as_deref().map(|f| format!(" in {f}'s answer")).unwrap_or_default()
        )
    });
    check(Section::Table, all.table.len(), &|i| {
        let t = &all.table[i];
        format!("no range {} in {}'s file {:?} (or no question {:?})", t.range, t.force, t.file, t.question)
    });
    check(Section::Skip, all.skip.len(), &|i| {
        let s = &all.skip[i];
        format!(
            "no file {:?}{} in {}'s answer",
            s.file,
            s.sheet.as_deref().map(|x| format!(" with sheet {x:?}")).unwrap_or_default(),
            s.force
        )
    });
    check(Section::Accept, all.accept.len(), &|i| {
        let a = &all.accept[i];
        format!(
            "no open {} problem of {}{}{} to accept",
            a.kind,
            a.force,
            a.file.as_deref().map(|f| format!(" in {f:?}")).unwrap_or_default(),
            a.cell.as_deref().map(|c| format!(" at {c}")).unwrap_or_default()
        )
    });
    check(Section::Force, all.force.len(), &|i| format!("{} has no folder of answers", all.force[i].force));
    check(Section::Figure, all.figure.len(), &|i| {
        let f = &all.figure[i];
        format!("{}: no folder of answers, or no question {:?} / period {:?}", f.force, f.question, f.period)
    });
    out
}
