//! Handlebars helpers, all registered here and nowhere else.
//!
//! - `{{md field level}}`: embed a Markdown-bodied user field under a heading
//!   of `level` (headings shifted, raw HTML neutralised, open blocks closed,
//!   footnote labels scoped to this one field: `md1-`, `md2-`, ... in the
//!   order of the render).
//! - `{{#embed level}}...{{/embed}}`: renders the block, then embeds the
//!   result like `md` (for Markdown a template composes, e.g. labelled fields).
//! - `{{join list ", "}}`: escaped items joined.
//! - `{{or a b}}` / `{{eq a b}}` / `{{not a}}`: logic for `#if`.
//! - `{{len list}}`, `{{inc n}}`: counts and 1-based numbering.
//! - `{{dash x}}`: the escaped value, or an em dash when empty.
//! - `{{#each}}` and `{{part "x"}}` come from `limits`, which charges them
//!   to the render's budget.

use std::sync::Arc;

use handlebars::{
    handlebars_helper, Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext,
    RenderErrorReason,
};
use serde_json::Value;

use super::limits::{self, Budget};
use crate::markdown::{embed_markdown, escape_inline};

/// Registers every helper; the ones that loop or buffer (`each`, `part`,
/// `embed`) charge `budget`.
pub fn register(hb: &mut Handlebars<'static>, budget: &Arc<Budget>) {
    hb.register_helper("each", Box::new(Writes::Each(budget.clone())));
    hb.register_helper("part", Box::new(Writes::Part(budget.clone())));
    let calls = std::sync::atomic::AtomicUsize::new(0);
    hb.register_helper("md", Box::new(Writes::Md(calls)));
    hb.register_helper("embed", Box::new(Writes::Embed(budget.clone())));
    hb.register_helper("join", Box::new(Writes::Text(join)));
    hb.register_helper("dash", Box::new(Writes::Text(dash)));
    hb.register_helper("def", Box::new(Xref { page: false }));
    hb.register_helper("ref_page", Box::new(Xref { page: true }));
    handlebars_helper!(eq: |a: Value, b: Value| a == b);
    handlebars_helper!(ne: |a: Value, b: Value| a != b);
    handlebars_helper!(not: |a: Value| !truthy(&a));
    handlebars_helper!(or: |a: Value, b: Value| truthy(&a) || truthy(&b));
    handlebars_helper!(and: |a: Value, b: Value| truthy(&a) && truthy(&b));
    handlebars_helper!(len: |a: Value| match &a {
        Value::Array(v) => v.len(),
        Value::Object(m) => m.len(),
        Value::String(s) => s.chars().count(),
        _ => 0,
    });
    handlebars_helper!(inc: |a: u64| a + 1);
    hb.register_helper("eq", Box::new(eq));
    hb.register_helper("ne", Box::new(ne));
    hb.register_helper("not", Box::new(not));
    hb.register_helper("or", Box::new(or));
    hb.register_helper("and", Box::new(and));
    hb.register_helper("len", Box::new(len));
    hb.register_helper("inc", Box::new(inc));
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn param<'a>(h: &'a Helper, i: usize, name: &str) -> Result<&'a Value, RenderErrorReason> {
    h.param(i)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(leak(name), i))
}

/// Parameter `i` as a string; an error naming the helper when it is not one.
fn param_str<'a>(h: &'a Helper, i: usize, name: &str) -> Result<&'a str, RenderErrorReason> {
    h.param(i)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(leak(name), i))
}

fn leak(name: &str) -> &'static str {
    match name {
        "md" => "md",
        "join" => "join",
        "part" => "part",
        _ => "dash",
    }
}

/// The helpers that write text: `md`, `embed`, those computed from their
/// parameters alone (`join`, `dash`), and the two that `limits` charges to
/// the render's budget (`each`, `part`). One `HelperDef` for all of them.
enum Writes {
    /// `{{md body level}}`: one Markdown field embedded under a heading of
    /// that level. It counts its calls: the count scopes each field's
    /// footnote labels, so two chapters' `[^1]` stay two notes (a registry
    /// serves one render, so the scopes are the same for the same project).
    Md(std::sync::atomic::AtomicUsize),
    /// `{{#embed level}}...{{/embed}}`: the block rendered to a string, then
    /// embedded as one body, so a fence left open in one composed piece is
    /// closed at the end of the whole body, not inside it.
    Embed(Arc<Budget>),
    Text(fn(&Helper) -> Result<String, RenderErrorReason>),
    Each(Arc<Budget>),
    Part(Arc<Budget>),
}

impl HelperDef for Writes {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let level_at = |i: usize| h.param(i).and_then(|p| p.value().as_u64()).unwrap_or(2) as usize;
        let text = match self {
            Writes::Md(calls) => {
                let body = param(h, 0, "md")?.as_str().unwrap_or("");
                let n = calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                embed_markdown(body, level_at(1), Some(&format!("md{n}")))
            }
            Writes::Embed(budget) => {
                let body = match h.template() {
                    Some(t) => limits::render_block(budget, t, r, ctx, rc)?,
                    None => String::new(),
                };
                embed_markdown(&body, level_at(0), None)
            }
            Writes::Text(f) => f(h)?,
            Writes::Each(budget) => return limits::each(budget, (h, r, ctx), rc, out),
            Writes::Part(budget) => limits::part(budget, param_str(h, 0, "part")?, r, ctx)?,
        };
        out.write(&text)?;
        Ok(())
    }
}

/// `{{def "hazard" id}}` where an identifier is defined and `{{ref_page
/// "hazard" id}}` where it is cited with its page. For the PDF (no
/// Markdown front matter: `options.front_matter` false) the first is a link
/// titled `"anchor"` (the PDF engine makes it a link target and links every
/// other mention of the id to it, `pdf::xref`), the second a link titled
/// `"page"` (the engine adds its page). The Markdown export keeps the plain
/// id. An empty value is a dash.
struct Xref {
    page: bool,
}

/// The anchor of identifier `id` of kind `kind`: `hazard-haz-01`.
pub fn xref_anchor(kind: &str, id: &str) -> String {
    let mut s = String::with_capacity(kind.len() + id.len() + 1);
    s.push_str(kind);
    s.push('-');
    let mut dash = false;
    for c in id.trim().chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
            dash = false;
        } else if !dash {
            s.push('-');
            dash = true;
        }
    }
    s
}

impl HelperDef for Xref {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.page { "ref_page" } else { "def" };
        let kind = param_str(h, 0, name)?;
        let id = plain(param(h, 1, name)?);
        let pdf = ctx.data()["options"]["front_matter"] == Value::Bool(false);
        let text = if id.trim().is_empty() {
            "—".to_string()
        } else if pdf {
            let title = if self.page { "page" } else { "anchor" };
            format!(
                "[{}](#{} \"{title}\")",
                escape_inline(&id),
                xref_anchor(kind, &id)
            )
        } else {
            escape_inline(&id)
        };
        out.write(&text)?;
        Ok(())
    }
}

fn join(h: &Helper) -> Result<String, RenderErrorReason> {
    let list = param(h, 0, "join")?;
    let sep = h.param(1).and_then(|p| p.value().as_str()).unwrap_or(", ");
    let items: Vec<String> = match list {
        Value::Array(a) => a.iter().map(plain).collect(),
        other => vec![plain(other)],
    };
    Ok(items
        .iter()
        .map(|s| escape_inline(s))
        .collect::<Vec<_>>()
        .join(sep))
}

fn dash(h: &Helper) -> Result<String, RenderErrorReason> {
    let s = plain(param(h, 0, "dash")?);
    Ok(if s.trim().is_empty() {
        "—".to_string()
    } else {
        escape_inline(&s)
    })
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
