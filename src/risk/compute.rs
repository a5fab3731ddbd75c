//! Computed risk: where an entry sits on the plan's scales before and after
//! control, and what the acceptability matrix says of that cell (ISO 14971
//! §5.5, §6, §7.3). Pure functions over the model; nothing is stored.

use super::model::{Acceptability, RiskEntry, RiskPlan, ScaleLevel};

/// A risk placed on the matrix: 0-based level indices into the plan's scales
/// (least severe / least probable = 0) and the matrix verdict. `None` where
/// the entry's value is empty or not a level of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Risk {
    pub severity: Option<usize>,
    pub probability: Option<usize>,
    pub acceptability: Option<Acceptability>,
    /// The probability came from P1 x P2, not from an overall level.
    pub probability_from_p1_p2: bool,
}

impl Risk {
    /// The 1-based risk index severity x probability, for sorting and display.
    pub fn index(&self) -> Option<usize> {
        Some((self.severity? + 1) * (self.probability? + 1))
    }
}

/// The index of the level named `name` (trimmed, case-insensitive).
pub fn level_index(levels: &[ScaleLevel], name: &str) -> Option<usize> {
    let n = name.trim();
    if n.is_empty() {
        return None;
    }
    levels
        .iter()
        .position(|l| l.name.trim().eq_ignore_ascii_case(n))
}

/// The matrix cell for 0-based indices, if the matrix has it.
pub fn cell(plan: &RiskPlan, severity: usize, probability: usize) -> Option<Acceptability> {
    plan.matrix
        .get(severity)
        .and_then(|row| row.get(probability))
        .copied()
}

/// Reads a probability as risk tables write it: `10^-5`, `10^−5`, `1e-5`,
/// `0.00001`, `1/100000`, `0.1%`. `None` when it is not a number in 0..=1.
pub fn parse_probability(s: &str) -> Option<f64> {
    probability(s).ok()
}

/// Why a text is not a probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAProbability {
    Empty,
    NotANumber,
    /// Below 0, above 1, or not finite.
    OutOfRange,
    /// A nonzero number too small for a 64-bit float (`1e-400`, `10^-400`),
    /// which would compute as 0.
    TooSmall,
}

/// `parse_probability`, saying why not.
pub fn probability(s: &str) -> Result<f64, NotAProbability> {
    use NotAProbability::*;
    let t: String = s
        .trim()
        .chars()
        .map(|c| {
            if c == '\u{2212}' || c == '\u{2013}' {
                '-'
            } else {
                c
            }
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Err(Empty);
    }
    let num = |x: &str| x.parse::<f64>().map_err(|_| NotANumber);
    // (value, whether the number written is nonzero)
    let (v, nonzero) = if let Some((base, exp)) = t.split_once('^') {
        let b = num(base)?;
        let e = num(exp.trim_start_matches('(').trim_end_matches(')'))?;
        (b.powf(e), b != 0.0)
    } else if let Some(pct) = t.strip_suffix('%') {
        let p = num(pct)?;
        (p / 100.0, p != 0.0 || crate::util::underflows(pct, p))
    } else if let Some((n, d)) = t.split_once('/') {
        let nv = num(n)?;
        let dv = num(d)?;
        if dv == 0.0 {
            return Err(OutOfRange);
        }
        (nv / dv, nv != 0.0 || crate::util::underflows(n, nv))
    } else {
        let v = num(&t)?;
        (v, crate::util::underflows(&t, v))
    };
    if v == 0.0 && nonzero {
        return Err(TooSmall);
    }
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(OutOfRange)
    }
}

/// The probability level of a numeric probability: the highest level whose
/// `at_least` is <= `p`. `None` when the scale has no thresholds.
pub fn probability_level(plan: &RiskPlan, p: f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, l) in plan.probability.iter().enumerate() {
        if let Some(min) = l.at_least {
            // A tiny relative tolerance so that 10^-4 computed as 1e-5 * 10
            // lands in the level that starts at 1e-4.
            if p >= min * (1.0 - 1e-9) && best.is_none_or(|(_, m)| min >= m) {
                best = Some((i, min));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// The initial risk (before control) of `e`.
pub fn initial(plan: &RiskPlan, e: &RiskEntry) -> Risk {
    let severity = level_index(&plan.severity, &e.severity);
    let (probability, derived) = if e.probability.trim().is_empty() {
        match (parse_probability(&e.p1), parse_probability(&e.p2)) {
            (Some(a), Some(b)) => (probability_level(plan, a * b), true),
            _ => (None, false),
        }
    } else {
        (level_index(&plan.probability, &e.probability), false)
    };
    place(plan, severity, probability, derived)
}

/// The residual risk (after control) of `e`; an empty residual value means
/// the control left that dimension unchanged.
pub fn residual(plan: &RiskPlan, e: &RiskEntry) -> Risk {
    let init = initial(plan, e);
    let severity = if e.residual_severity.trim().is_empty() {
        init.severity
    } else {
        level_index(&plan.severity, &e.residual_severity)
    };
    let (probability, derived) = if e.residual_probability.trim().is_empty() {
        (init.probability, init.probability_from_p1_p2)
    } else {
        (
            level_index(&plan.probability, &e.residual_probability),
            false,
        )
    };
    place(plan, severity, probability, derived)
}

fn place(
    plan: &RiskPlan,
    severity: Option<usize>,
    probability: Option<usize>,
    derived: bool,
) -> Risk {
    let acceptability = match (severity, probability) {
        (Some(s), Some(p)) => cell(plan, s, p),
        _ => None,
    };
    Risk {
        severity,
        probability,
        acceptability,
        probability_from_p1_p2: derived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::model::Acceptability::*;

    fn entry(s: &str, p: &str) -> RiskEntry {
        RiskEntry {
            id: "R1".into(),
            severity: s.into(),
            probability: p.into(),
            ..Default::default()
        }
    }

    #[test]
    fn default_plan_is_five_by_five_and_square() {
        let plan = RiskPlan::default();
        assert_eq!(plan.severity.len(), 5);
        assert_eq!(plan.probability.len(), 5);
        assert_eq!(plan.matrix.len(), 5);
        assert!(plan.matrix.iter().all(|r| r.len() == 5));
    }

    #[test]
    fn initial_risk_reads_the_matrix() {
        let plan = RiskPlan::default();
        let r = initial(&plan, &entry("Catastrophic", "Frequent"));
        assert_eq!(
            (r.severity, r.probability, r.acceptability),
            (Some(4), Some(4), Some(Unacceptable))
        );
        assert_eq!(
            initial(&plan, &entry("negligible", "improbable")).acceptability,
            Some(Acceptable)
        );
        assert_eq!(
            initial(&plan, &entry("Serious", "Occasional")).acceptability,
            Some(Alarp)
        );
        assert_eq!(
            initial(&plan, &entry("Serious", "Sometimes")).acceptability,
            None
        );
        assert_eq!(
            initial(&plan, &entry("Catastrophic", "Frequent")).index(),
            Some(25)
        );
    }

    #[test]
    fn residual_falls_back_to_initial_per_dimension() {
        let plan = RiskPlan::default();
        let mut e = entry("Critical", "Probable");
        assert_eq!(residual(&plan, &e).acceptability, Some(Unacceptable));
        e.residual_probability = "Improbable".into();
        let r = residual(&plan, &e);
        assert_eq!(
            (r.severity, r.probability, r.acceptability),
            (Some(3), Some(0), Some(Acceptable))
        );
    }

    #[test]
    fn p1_times_p2_is_placed_on_the_scale() {
        let plan = RiskPlan::default();
        let mut e = entry("Serious", "");
        e.p1 = "10^-2".into();
        e.p2 = "10^-2".into();
        let r = initial(&plan, &e);
        assert_eq!(r.probability, Some(2), "1e-4 is Occasional");
        assert!(r.probability_from_p1_p2);
        e.p2 = "0.5".into();
        assert_eq!(initial(&plan, &e).probability, Some(3), "5e-3 is Probable");
        e.p2 = "n/a".into();
        assert_eq!(initial(&plan, &e).probability, None);
    }

    #[test]
    fn probabilities_as_tables_write_them() {
        assert_eq!(parse_probability("10^-3"), Some(1e-3));
        assert_eq!(parse_probability("10^\u{2212}3"), Some(1e-3));
        assert_eq!(parse_probability(" 1e-5 "), Some(1e-5));
        assert_eq!(parse_probability("1/1000"), Some(1e-3));
        assert_eq!(parse_probability("5%"), Some(0.05));
        assert_eq!(parse_probability("2"), None);
        assert_eq!(parse_probability("1/0"), None);
        assert_eq!(parse_probability("often"), None);
        // Too small for an f64: not silently 0.
        for tiny in ["1e-400", "10^-400", "1/1e400", "1e-400%", "0.1e-399"] {
            assert_eq!(parse_probability(tiny), None, "{tiny}");
        }
        assert_eq!(parse_probability("0"), Some(0.0));
        assert_eq!(parse_probability("0e-400"), Some(0.0));
        assert_eq!(parse_probability("0/5"), Some(0.0));
        assert_eq!(parse_probability("1e-300"), Some(1e-300));
    }
}
