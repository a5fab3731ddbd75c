//! Licence ids and expressions checked against the SPDX License List (the
//! `spdx` crate's copy of it), the same way in every serialization:
//! CycloneDX `license.id` and `expression`, SPDX 2 `licenseConcluded` /
//! `licenseDeclared` (JSON and tag-value), SPDX 3 licence expressions.
//! `LicenseRef-*` (and `DocumentRef-*:LicenseRef-*`) are accepted, as are
//! deprecated ids that are still on the list; `NONE` and `NOASSERTION` are
//! not licences and are left to the caller.

use super::Warn;

/// What a licence field is expected to hold, for the warnings.
const EXPECTED: &str = "an SPDX License List id (https://spdx.org/licenses/), a `LicenseRef-` id, or an SPDX expression of them";

/// Strict SPDX syntax (case-sensitive ids, `AND`/`OR`/`WITH`), deprecated
/// ids allowed (they are still on the list; `GPL-2.0` is common).
const MODE: spdx::ParseMode = spdx::ParseMode {
    allow_slash_as_or_operator: false,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: false,
    allow_deprecated: true,
    allow_unknown: false,
};

/// Why `id` is not one licence id of the SPDX list (or a LicenseRef), or None.
pub(crate) fn id_problem(id: &str) -> Option<String> {
    if is_license_ref(id) || spdx::license_id(id).is_some() {
        return None;
    }
    Some(format!("`{id}` is not an SPDX licence id"))
}

/// Why `expr` is not a valid SPDX licence expression, or None.
pub(crate) fn expression_problem(expr: &str) -> Option<String> {
    match spdx::Expression::parse_mode(expr, MODE) {
        Ok(_) => None,
        Err(e) => Some(format!(
            "`{expr}` is not a valid SPDX licence expression ({})",
            e.reason
        )),
    }
}

fn is_license_ref(id: &str) -> bool {
    let local = match id.strip_prefix("DocumentRef-") {
        Some(rest) => rest.split_once(':').map_or("", |(_, l)| l),
        None => id,
    };
    local.strip_prefix("LicenseRef-").is_some_and(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    })
}

/// Checks one licence expression of a component and warns under `rule` at
/// `pointer`, naming the component and the field.
pub(crate) fn check_expression(
    expr: &str,
    component: &str,
    field: &str,
    rule: &str,
    pointer: &str,
    w: &mut Warn,
) {
    if matches!(expr, "" | "NONE" | "NOASSERTION") {
        return;
    }
    if let Some(why) = expression_problem(expr) {
        w.add(
            rule,
            pointer,
            format!("component `{component}`: {field}: {why}; expected {EXPECTED}"),
        );
    }
}

/// Checks one licence id of a component (CycloneDX `license.id`).
pub(crate) fn check_id(
    id: &str,
    component: &str,
    field: &str,
    rule: &str,
    pointer: &str,
    w: &mut Warn,
) {
    if let Some(why) = id_problem(id) {
        w.add(
            rule,
            pointer,
            format!("component `{component}`: {field}: {why}; expected an SPDX License List id (https://spdx.org/licenses/) or a `LicenseRef-` id (use `name` for other licences)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_expressions() {
        assert!(id_problem("MIT").is_none());
        assert!(id_problem("GPL-2.0").is_none(), "deprecated but listed");
        assert!(id_problem("LicenseRef-acme-1.0").is_none());
        assert!(id_problem("DocumentRef-x:LicenseRef-y").is_none());
        assert!(id_problem("MIT-ish").is_some());
        assert!(id_problem("LicenseRef-").is_some());
        assert!(expression_problem("MIT OR Apache-2.0").is_none());
        assert!(expression_problem("(MIT AND BSD-3-Clause) OR LicenseRef-x").is_none());
        assert!(expression_problem("GPL-2.0-or-later WITH Classpath-exception-2.0").is_none());
        assert!(expression_problem("MIT OR").is_some());
        assert!(expression_problem("Frobnicate-1.0").is_some());
        assert!(expression_problem("MIT/Apache-2.0").is_some());
    }
}
