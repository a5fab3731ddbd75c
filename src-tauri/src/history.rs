//! The undo history of the open project (`session::Session` owns one),
//! without Tauri.
//!
//! A step is one `edit` batch or one whole-project change (an import: SBOM,
//! VEX, risks, model card; a restored recovery file). It keeps only what it
//! needs to go both ways, never a clone of the project:
//!
//! - an edit batch keeps, per edit, the inverse edit (`edit::Inverse`: its
//!   path and the value that was there), which is a field, a row or a list
//!   element, however big the part around it is;
//! - an import keeps the previous and the next value of each top-level part
//!   it changed, as compact JSON text (about the part's size in the file).
//!
//! Undoing a step applies its inverses (last first); what they give back is
//! the step to redo, and the other way round. A new step clears the redo
//! list. Typing on in the same fields joins the newest step
//! (`record_edits_continuing`): the UI sends each keystroke at once, and
//! one undo still takes back a run of typing, not a letter.
//!
//! Memory cap (`Limits`): at most `steps` steps (default 1000) and about
//! `bytes` bytes (default 64 MiB) of kept values, undo and redo lists
//! together; past either, the oldest steps are dropped. The newest step is
//! always kept, even alone over the cap, so an import can always be undone
//! once. On the stress project (5,000 components) an edit step is a few
//! hundred bytes, an SBOM import step about twice the SBOM's JSON.

use std::collections::{BTreeSet, VecDeque};

use techfile::TechFile;

use crate::edit::{self, Inverse};
use crate::error::IpcError;

/// How much history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub steps: usize,
    pub bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps: 1000,
            bytes: 64 * 1024 * 1024,
        }
    }
}

/// One top-level part as a step changed it.
#[derive(Debug, Clone, PartialEq)]
struct PartChange {
    name: &'static str,
    before: String,
    after: String,
}

/// One step. `Ops` on the undo list are applied last first; on the redo
/// list, first first (the order that they give back from the other way).
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Ops(Vec<Inverse>),
    Parts(Vec<PartChange>),
}

impl Step {
    fn weight(&self) -> usize {
        match self {
            Step::Ops(ops) => ops.iter().map(Inverse::weight).sum::<usize>() + 64,
            Step::Parts(parts) => parts
                .iter()
                .map(|p| p.before.len() + p.after.len() + 64)
                .sum(),
        }
    }
}

#[derive(Debug, Default)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    bytes: usize,
    limits: Limits,
}

/// The paths `inverses` set, when all they do is set (no insert or removal).
fn set_paths(inverses: &[Inverse]) -> Option<BTreeSet<&str>> {
    inverses
        .iter()
        .all(Inverse::is_set)
        .then(|| inverses.iter().map(Inverse::path).collect())
}

/// Which way to move through the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl History {
    pub fn new(limits: Limits) -> Self {
        History {
            limits,
            ..History::default()
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// About the bytes the kept steps hold.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Records an applied edit batch by its inverses, in the order the
    /// edits were applied. A batch that changed nothing is no step.
    pub fn record_edits(&mut self, inverses: Vec<Inverse>) {
        if !inverses.is_empty() {
            self.push(Step::Ops(inverses));
        }
    }

    /// Records an applied edit batch that may continue the newest step
    /// (`continues`: the same fields typed on a moment later, the caller
    /// says). It joins that step when both set exactly the same paths and
    /// nothing was undone since: undoing the step restores the values from
    /// before its first batch, so the batch's own inverses are not kept,
    /// and one undo takes back the whole run of typing. Else it is a new
    /// step, as `record_edits` makes. Whether it joined.
    pub fn record_edits_continuing(&mut self, inverses: Vec<Inverse>, continues: bool) -> bool {
        let joins = continues
            && !inverses.is_empty()
            && self.redo.is_empty()
            && match self.undo.back() {
                Some(Step::Ops(ops)) => {
                    set_paths(ops).is_some_and(|a| Some(a) == set_paths(&inverses))
                }
                _ => false,
            };
        if !joins {
            self.record_edits(inverses);
        }
        joins
    }

    /// Records a change of whole parts: `names` changed from `before` to `now`.
    pub fn record_parts(&mut self, before: &TechFile, now: &TechFile, names: &[&'static str]) {
        let parts: Vec<PartChange> = names
            .iter()
            .filter_map(|&name| {
                Some(PartChange {
                    name,
                    before: edit::part_json(before, name)?,
                    after: edit::part_json(now, name)?,
                })
            })
            .collect();
        if !parts.is_empty() {
            self.push(Step::Parts(parts));
        }
    }

    fn push(&mut self, step: Step) {
        self.bytes -= self.redo.iter().map(Step::weight).sum::<usize>();
        self.redo.clear();
        self.bytes += step.weight();
        self.undo.push_back(step);
        while self.undo.len() > 1
            && (self.undo.len() > self.limits.steps || self.bytes > self.limits.bytes)
        {
            if let Some(old) = self.undo.pop_front() {
                self.bytes -= old.weight();
            }
        }
    }

    /// Undoes or redoes one step on `tf`; the top-level parts it changed,
    /// or `None` when there is nothing to move over. On error `tf` and the
    /// history are left as they were.
    pub fn step(
        &mut self,
        tf: &mut TechFile,
        dir: Direction,
    ) -> Result<Option<BTreeSet<&'static str>>, IpcError> {
        let step = match dir {
            Direction::Undo => self.undo.pop_back(),
            Direction::Redo => self.redo.pop(),
        };
        let Some(step) = step else {
            return Ok(None);
        };
        let (back, touched) = match apply(tf, &step, dir) {
            Ok(r) => r,
            Err(e) => {
                match dir {
                    Direction::Undo => self.undo.push_back(step),
                    Direction::Redo => self.redo.push(step),
                }
                return Err(e);
            }
        };
        let (old, new) = (step.weight(), back.weight());
        self.bytes = self.bytes - old + new;
        match dir {
            Direction::Undo => self.redo.push(back),
            Direction::Redo => self.undo.push_back(back),
        }
        Ok(Some(touched))
    }
}

/// Applies `step` one way; the step that goes back, and the parts touched.
fn apply(
    tf: &mut TechFile,
    step: &Step,
    dir: Direction,
) -> Result<(Step, BTreeSet<&'static str>), IpcError> {
    let mut touched = BTreeSet::new();
    match step {
        Step::Ops(ops) => {
            let order: Vec<&Inverse> = match dir {
                Direction::Undo => ops.iter().rev().collect(),
                Direction::Redo => ops.iter().collect(),
            };
            let mut done: Vec<Inverse> = Vec::with_capacity(ops.len());
            for op in order {
                match op.apply(tf) {
                    Ok(back) => {
                        touched.extend(part_name(back.path()));
                        done.push(back);
                    }
                    Err(e) => {
                        // Take back what this step already did.
                        for b in done.iter().rev() {
                            b.apply(tf)?;
                        }
                        return Err(e);
                    }
                }
            }
            // Undone last first, so the way back (redo) goes first first;
            // redone first first, so the way back (undo) goes last first:
            // either way, the list in edit order.
            if dir == Direction::Undo {
                done.reverse();
            }
            Ok((Step::Ops(done), touched))
        }
        Step::Parts(parts) => {
            let mut backs: Vec<(&'static str, &String)> = Vec::with_capacity(parts.len());
            for p in parts {
                let (from, to) = match dir {
                    Direction::Undo => (&p.after, &p.before),
                    Direction::Redo => (&p.before, &p.after),
                };
                if let Err(e) = edit::set_part_json(tf, p.name, to) {
                    for (name, was) in backs.iter().rev() {
                        edit::set_part_json(tf, name, was)?;
                    }
                    return Err(e);
                }
                backs.push((p.name, from));
                touched.insert(p.name);
            }
            Ok((step.clone(), touched))
        }
    }
}

/// The top-level part a path is in, as `edit::parts` names it.
fn part_name(path: &str) -> Option<&'static str> {
    let first = path.split(['.', '[']).next()?;
    edit::PART_NAMES.iter().copied().find(|n| *n == first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;

    fn example() -> TechFile {
        techfile::example::example().expect("example")
    }

    /// Applies `edits` as the session does and records them.
    fn edit(h: &mut History, tf: &mut TechFile, edits: &[Edit]) {
        let inv = edits
            .iter()
            .map(|e| edit::apply(tf, e).expect("applies").inverse())
            .collect();
        h.record_edits(inv);
    }

    /// Applies `edits` and records them as continuing the newest step.
    fn type_on(h: &mut History, tf: &mut TechFile, edits: &[Edit]) -> bool {
        let inv = edits
            .iter()
            .map(|e| edit::apply(tf, e).expect("applies").inverse())
            .collect();
        h.record_edits_continuing(inv, true)
    }

    #[test]
    fn typing_on_in_the_same_field_is_one_step_and_one_undo_takes_it_back() {
        let mut tf = example();
        let start = tf.clone();
        let mut h = History::default();
        edit(&mut h, &mut tf, &[Edit::set("device.trade_name", "C")]);
        let bytes = h.bytes();
        for typed in ["Ca", "Car", "Card"] {
            assert!(type_on(
                &mut h,
                &mut tf,
                &[Edit::set("device.trade_name", typed)]
            ));
        }
        assert_eq!(h.undo_len(), 1, "one run of typing, one step");
        assert_eq!(h.bytes(), bytes, "the joined batches keep nothing");
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert_eq!(tf, start, "back to before the first letter");
        h.step(&mut tf, Direction::Redo).expect("redo");
        assert_eq!(tf.device.trade_name, "Card", "redo brings the whole run");

        // Another field, an insert, or an undo in between: a new step.
        assert!(!type_on(
            &mut h,
            &mut tf,
            &[Edit::set("device.description", "X")]
        ));
        assert_eq!(h.undo_len(), 2);
        let entry = serde_json::to_value(&tf.risk.entries[0]).expect("json");
        let insert = Edit::Insert {
            path: "risk.entries[0]".into(),
            value: entry,
        };
        assert!(!type_on(&mut h, &mut tf, std::slice::from_ref(&insert)));
        assert!(
            !type_on(&mut h, &mut tf, &[insert]),
            "an insert never joins"
        );
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert!(!type_on(
            &mut h,
            &mut tf,
            &[Edit::set("risk.entries[0].id", "HAZ-X")]
        ));
        assert!(
            !type_on(
                &mut h,
                &mut tf,
                &[
                    Edit::set("device.description", "Y"),
                    Edit::set("device.trade_name", "Z")
                ]
            ),
            "other paths than the newest step's"
        );
        // Not continuing (the caller says the typing paused): a new step.
        let n = h.undo_len();
        let inv = vec![edit::apply(&mut tf, &Edit::set("device.description", "Y2"))
            .expect("applies")
            .inverse()];
        assert!(!h.record_edits_continuing(inv, false));
        assert_eq!(h.undo_len(), n + 1);
    }

    #[test]
    fn undo_and_redo_go_both_ways_over_a_batch_with_inserts_and_removes() {
        let mut tf = example();
        let start = tf.clone();
        let mut h = History::default();
        let entry = serde_json::to_value(&tf.risk.entries[0]).expect("json");
        edit(
            &mut h,
            &mut tf,
            &[
                Edit::set("device.trade_name", "Batch"),
                Edit::Insert {
                    path: "risk.entries[0]".into(),
                    value: entry,
                },
                Edit::set("risk.entries[0].id", "HAZ-NEW"),
                Edit::Remove {
                    path: "risk.entries[2]".into(),
                },
            ],
        );
        let after = tf.clone();
        assert_eq!(h.undo_len(), 1, "one batch is one step");
        let touched = h
            .step(&mut tf, Direction::Undo)
            .expect("undo")
            .expect("a step");
        assert_eq!(touched, BTreeSet::from(["device", "risk"]));
        assert_eq!(tf, start);
        h.step(&mut tf, Direction::Redo).expect("redo");
        assert_eq!(tf, after);
        h.step(&mut tf, Direction::Undo).expect("undo again");
        assert_eq!(tf, start);
        assert_eq!(h.step(&mut tf, Direction::Undo).expect("nothing"), None);
    }

    #[test]
    fn keeps_more_than_a_hundred_steps_and_undoes_them_all() {
        let mut tf = example();
        let start = tf.clone();
        let mut h = History::default();
        for i in 0..150 {
            edit(
                &mut h,
                &mut tf,
                &[Edit::set("device.trade_name", format!("Name {i}"))],
            );
        }
        assert_eq!(h.undo_len(), 150);
        for i in (0..150).rev() {
            assert_eq!(tf.device.trade_name, format!("Name {i}"));
            h.step(&mut tf, Direction::Undo).expect("undo");
        }
        assert_eq!(tf, start);
        assert!(!h.can_undo());
        assert_eq!(h.redo_len(), 150);
        for _ in 0..150 {
            h.step(&mut tf, Direction::Redo).expect("redo");
        }
        assert_eq!(tf.device.trade_name, "Name 149");
    }

    #[test]
    fn a_new_step_after_undo_clears_the_redo_list() {
        let mut tf = example();
        let mut h = History::default();
        edit(&mut h, &mut tf, &[Edit::set("device.trade_name", "A")]);
        edit(&mut h, &mut tf, &[Edit::set("device.trade_name", "B")]);
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert!(h.can_redo());
        edit(&mut h, &mut tf, &[Edit::set("device.trade_name", "C")]);
        assert!(!h.can_redo());
        assert_eq!(h.step(&mut tf, Direction::Redo).expect("nothing"), None);
        assert_eq!(tf.device.trade_name, "C");
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert_eq!(tf.device.trade_name, "A");
    }

    #[test]
    fn a_whole_part_change_is_one_step_of_the_parts_it_changed() {
        let mut tf = example();
        let start = tf.clone();
        let mut h = History::default();
        tf.risk.entries.truncate(1);
        tf.sbom.components.clear();
        let names = edit::changed_parts(&start, &tf);
        assert_eq!(names, vec!["sbom", "risk"]);
        h.record_parts(&start, &tf, &names);
        let after = tf.clone();
        assert_eq!(h.undo_len(), 1);
        let touched = h
            .step(&mut tf, Direction::Undo)
            .expect("undo")
            .expect("a step");
        assert_eq!(touched, BTreeSet::from(["risk", "sbom"]));
        assert_eq!(tf, start);
        h.step(&mut tf, Direction::Redo).expect("redo");
        assert_eq!(tf, after);
    }

    #[test]
    fn an_edit_step_keeps_the_edited_value_not_the_part_around_it() {
        let mut tf = example();
        let one = tf.sbom.components[0].clone();
        tf.sbom.components = vec![one; 5000];
        let mut h = History::default();
        for i in 0..100 {
            edit(
                &mut h,
                &mut tf,
                &[Edit::set(
                    format!("sbom.components[{}].version", i * 50),
                    format!("9.{i}"),
                )],
            );
        }
        assert_eq!(h.undo_len(), 100);
        assert!(
            h.bytes() < 100 * 200,
            "{} bytes for 100 edits of a 5,000-component SBOM",
            h.bytes()
        );
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert_eq!(
            tf.sbom.components[99 * 50].version,
            tf.sbom.components[1].version
        );
    }

    #[test]
    fn the_memory_cap_drops_the_oldest_steps_and_keeps_the_newest() {
        let mut tf = example();
        let mut h = History::new(Limits {
            steps: 1000,
            bytes: 4000,
        });
        for i in 0..100 {
            edit(
                &mut h,
                &mut tf,
                &[Edit::set("device.trade_name", format!("{i:0>100}"))],
            );
        }
        assert!(h.bytes() <= 4000, "{} bytes kept", h.bytes());
        let kept = h.undo_len();
        assert!(kept > 5 && kept < 100, "{kept} steps kept");
        for _ in 0..kept {
            h.step(&mut tf, Direction::Undo).expect("undo");
        }
        assert_eq!(tf.device.trade_name, format!("{:0>100}", 100 - kept - 1));
        // A step over the cap on its own is still kept, alone.
        let before = tf.clone();
        tf.sbom.components.clear();
        tf.risk.entries.clear();
        h.record_parts(&before, &tf, &edit::changed_parts(&before, &tf));
        assert!(h.bytes() > 4000);
        assert_eq!((h.undo_len(), h.redo_len()), (1, 0));
        h.step(&mut tf, Direction::Undo).expect("undo");
        assert_eq!(tf, before);
        // And the step count is capped too.
        let mut h = History::new(Limits {
            steps: 120,
            bytes: usize::MAX,
        });
        for i in 0..200 {
            edit(
                &mut h,
                &mut tf,
                &[Edit::set("device.version", format!("{i}"))],
            );
        }
        assert_eq!(h.undo_len(), 120);
    }
}
