//! Bounds on what a template set can make a render do, since `--templates`
//! lets a user's files replace the embedded ones: every limit is checked
//! before the work it bounds, and its error names the template.
//!
//! - Before compiling (`check_nesting`): the number of tags, and block and
//!   subexpression nesting (the template parser and renderer recurse;
//!   20,000 nested `{{#if}}` overflowed the stack).
//! - Once the set is registered (`analyse`): partial names are literal, so
//!   every include is seen; partial blocks (`{{#> x}}...{{/x}}`) are refused,
//!   as handlebars renders their body into a buffer no budget sees; no
//!   template reaches itself through partials (`{{> x}}`), inline partials or
//!   `{{part "x"}}` (mutual partials overflowed the stack); includes nest at
//!   most `MAX_INCLUDE_DEPTH` deep; and no template expands, partials
//!   included, to more than the work budget (a chain of inline partials each
//!   including the next twice is exponential without any loop).
//! - While rendering (`Budget`): work, counted in template elements: a
//!   render starts by charging its root template's expanded size, each
//!   `#each` iteration charges its body's, each `{{part}}` its template's
//!   (nested loops over thousands of components ran unbounded before); bytes
//!   written; and the depth of `{{part}}` with a computed name.
//!
//! It owns the `each` helper, ported from handlebars 6.4 (MIT,
//! `helpers/helper_each.rs`) with the charge added: handlebars does not
//! export its own, and a wrapper cannot reach it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperResult, Output, RenderContext,
    RenderError, RenderErrorReason, Renderable,
};
use serde_json::Value;

/// A template file larger than this is refused (the largest embedded one,
/// risk.md.hbs, has 5 KB).
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;
/// How many tags (`{{...}}`) one template may have (risk.md.hbs: 125).
/// handlebars' parser takes time growing with their square: 16,000 took 2-4
/// s in a debug build, 64,000 a minute.
pub const MAX_TAGS: usize = 8_000;
/// How deep blocks (`{{#if}}`, `{{#each}}`, ...) may nest in one template.
pub const MAX_BLOCK_NESTING: usize = 48;
/// How deep subexpressions (`(eq (len x) 0)`) may nest in one tag.
pub const MAX_PAREN_NESTING: usize = 24;
/// How deep templates may include each other (the embedded set: 3).
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// What one render may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Template elements rendered, partials expanded, over the whole render
    /// (each `#each` iteration renders its body once more).
    pub work: u64,
    /// Bytes the templates write, over every buffer of the render: the
    /// output, and each `{{part}}` and `{{#embed}}` before it is copied on.
    pub output_bytes: u64,
    /// How deep `{{part}}` may nest.
    pub part_depth: usize,
}

impl Limits {
    /// The stress project (5,000 components, 1,000 risk entries, 50
    /// chapters; an 8 MB project file) renders with 0.18 million units of
    /// work and 4 MB written, the example with 15,000 and 0.2 MB: these
    /// leave room for a project 250 times the stress one, four times what a
    /// project file may hold. Spending all the work takes about 8 s in a
    /// debug build.
    pub const DEFAULT: Limits = Limits {
        work: 50_000_000,
        output_bytes: 1 << 30,
        part_depth: 8,
    };
}

/// The spending of one render, shared by the helpers that loop or buffer.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    work: AtomicU64,
    bytes: AtomicU64,
    depth: AtomicUsize,
    /// The expanded size of each template and inline partial, by name (set
    /// once the set is analysed).
    costs: Mutex<BTreeMap<String, u64>>,
    /// Why the render was stopped, once it was.
    exceeded: Mutex<Option<String>>,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            work: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            depth: AtomicUsize::new(0),
            costs: Mutex::new(BTreeMap::new()),
            exceeded: Mutex::new(None),
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Why the render was stopped, if a limit stopped it.
    pub fn exceeded(&self) -> Option<String> {
        self.exceeded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// (work, bytes) spent so far.
    pub fn spent(&self) -> (u64, u64) {
        (
            self.work.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    fn stop(&self, why: String) -> String {
        let mut e = self.exceeded.lock().unwrap_or_else(|e| e.into_inner());
        e.get_or_insert(why).clone()
    }

    /// The expanded size of the template or inline partial `name`.
    pub fn cost_of(&self, name: &str) -> u64 {
        let costs = self.costs.lock().unwrap_or_else(|e| e.into_inner());
        costs.get(name).copied().unwrap_or(1)
    }

    /// The expanded size of a block's body.
    fn cost_of_body(&self, t: &Template) -> u64 {
        let costs = self.costs.lock().unwrap_or_else(|e| e.into_inner());
        let mut node = Node::default();
        // A body analysed before passed `analyse`, so this cannot fail.
        let _ = node.add_template(t, &mut BTreeMap::new());
        node.refs.iter().fold(node.own, |sum, r| {
            sum.saturating_add(costs.get(r).copied().unwrap_or(1))
        })
    }

    /// Charges `n` units of work.
    pub fn charge(&self, n: u64) -> Result<(), RenderError> {
        let before = self.work.fetch_add(n, Ordering::Relaxed);
        if before.saturating_add(n) > self.limits.work {
            let why = self.stop(format!(
                "the templates would render more than {} template elements in one render (nested #each loops over large lists?)",
                self.limits.work
            ));
            return Err(RenderErrorReason::Other(why).into());
        }
        Ok(())
    }

    fn charge_bytes(&self, n: usize) -> std::io::Result<()> {
        let n = n as u64;
        let before = self.bytes.fetch_add(n, Ordering::Relaxed);
        if before.saturating_add(n) > self.limits.output_bytes {
            let why = self.stop(format!(
                "the templates would write more than {} bytes in one render",
                self.limits.output_bytes
            ));
            return Err(std::io::Error::other(why));
        }
        Ok(())
    }

    /// Enters one `{{part}}`; the guard leaves it.
    fn enter_part(&self, name: &str) -> Result<PartGuard<'_>, RenderError> {
        let depth = self.depth.fetch_add(1, Ordering::Relaxed) + 1;
        let guard = PartGuard(self);
        if depth > self.limits.part_depth {
            let why = self.stop(format!(
                "{{{{part \"{name}\"}}}} nests more than {} deep (does a template include itself?)",
                self.limits.part_depth
            ));
            return Err(RenderErrorReason::Other(why).into());
        }
        Ok(guard)
    }
}

struct PartGuard<'a>(&'a Budget);

impl Drop for PartGuard<'_> {
    fn drop(&mut self) {
        self.0.depth.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A render buffer that charges the budget for every byte written to it.
pub struct Bounded<'a> {
    buf: Vec<u8>,
    budget: &'a Budget,
}

impl<'a> Bounded<'a> {
    pub fn new(budget: &'a Budget) -> Self {
        Bounded {
            buf: Vec::new(),
            budget,
        }
    }

    pub fn into_string(self) -> String {
        // Only `&str` segments are written, so the bytes are UTF-8.
        String::from_utf8(self.buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}

impl Output for Bounded<'_> {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        self.budget.charge_bytes(seg.len())?;
        self.buf.extend_from_slice(seg.as_bytes());
        Ok(())
    }
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.budget.charge_bytes(b.len())?;
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `{{part "sbom"}}`: the template of that name rendered against the root
/// context. Unlike a partial (`{{> sbom}}`), it does not copy the context,
/// which for a file with thousands of components and risk entries made each
/// part cost more than its own rendering.
pub fn part(
    budget: &Budget,
    name: &str,
    r: &Handlebars<'_>,
    ctx: &Context,
) -> Result<String, RenderError> {
    let _depth = budget.enter_part(name)?;
    budget.charge(budget.cost_of(name))?;
    let mut buf = Bounded::new(budget);
    r.render_with_context_to_write(name, ctx, &mut buf)?;
    Ok(buf.into_string())
}

/// Renders a helper's block into a string, charging the budget.
pub fn render_block<'reg: 'rc, 'rc>(
    budget: &Budget,
    t: &'rc Template,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
) -> Result<String, RenderError> {
    let mut buf = Bounded::new(budget);
    t.render(r, ctx, rc, &mut buf)?;
    Ok(buf.into_string())
}

/// `{{#each}}`, as handlebars 6.4 has it, charging the budget its body's
/// expanded size per element before the loop starts. `call` is the
/// helper's own inputs (`Writes::Each` in `helpers` passes them on).
pub fn each<'reg: 'rc, 'rc>(
    budget: &Budget,
    call: (&Helper<'rc>, &'reg Handlebars<'reg>, &'rc Context),
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> HelperResult {
    let (h, r, ctx) = call;
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
    let Some(t) = h.template() else {
        return Ok(());
    };
    // Each element with its key: an object's key, or `None` for an array.
    let items: Vec<(Option<&str>, &Value)> = match value.value() {
        Value::Array(list) => list.iter().map(|v| (None, v)).collect(),
        Value::Object(obj) => obj.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
        _ => Vec::new(),
    };
    let iterable = matches!(value.value(), Value::Array(_) | Value::Object(_));
    if !iterable || (items.is_empty() && h.inverse().is_some()) {
        return if let Some(else_template) = h.inverse() {
            else_template.render(r, ctx, rc, out)
        } else if r.strict_mode() {
            Err(RenderError::strict_error(value.relative_path()))
        } else {
            Ok(())
        };
    }
    let per = budget.cost_of_body(t).max(1);
    budget.charge((items.len() as u64).saturating_mul(per))?;
    rc.push_block(create_block(value));
    let len = items.len();
    let path = value.context_path();
    for (i, (k, v)) in items.into_iter().enumerate() {
        if let Some(block) = rc.block_mut() {
            block.set_local_var("first", Value::Bool(i == 0));
            block.set_local_var("last", Value::Bool(i == len - 1));
            block.set_local_var("index", Value::from(i));
            let key = match k {
                Some(k) => {
                    block.set_local_var("key", Value::from(k));
                    Value::from(k)
                }
                None => Value::from(i),
            };
            let segment = k.map_or_else(|| i.to_string(), str::to_string);
            update_block_context(block, path, segment, i == 0, v);
            set_block_param(block, h, path, &key, v)?;
        }
        t.render(r, ctx, rc, out)?;
    }
    rc.pop_block();
    Ok(())
}

fn create_block<'rc>(param: &handlebars::PathAndJson<'rc>) -> BlockContext<'rc> {
    let mut block = BlockContext::new();
    if let Some(new_path) = param.context_path() {
        block.base_path_mut().clone_from(new_path);
    } else {
        block.set_base_value(param.value().clone());
    }
    block
}

fn update_block_context(
    block: &mut BlockContext<'_>,
    base_path: Option<&Vec<String>>,
    relative_path: String,
    is_first: bool,
    value: &Value,
) {
    if let Some(p) = base_path {
        if is_first {
            let mut path = Vec::with_capacity(p.len() + 1);
            path.extend_from_slice(p);
            path.push(relative_path);
            *block.base_path_mut() = path;
        } else if let Some(ptr) = block.base_path_mut().last_mut() {
            *ptr = relative_path;
        }
    } else {
        block.set_base_value(value.clone());
    }
}

fn set_block_param<'rc>(
    block: &mut BlockContext<'rc>,
    h: &Helper<'rc>,
    base_path: Option<&Vec<String>>,
    k: &Value,
    v: &Value,
) -> Result<(), RenderError> {
    if let Some(bp_val) = h.block_param() {
        let mut params = BlockParams::new();
        if base_path.is_some() {
            params.add_path(bp_val, Vec::new())?;
        } else {
            params.add_value(bp_val, v.clone())?;
        }
        block.set_block_params(params);
    } else if let Some((bp_val, bp_key)) = h.block_param_pair() {
        let mut params = BlockParams::new();
        if base_path.is_some() {
            params.add_path(bp_val, Vec::new())?;
        } else {
            params.add_value(bp_val, v.clone())?;
        }
        params.add_value(bp_key, k.clone())?;
        block.set_block_params(params);
    }
    Ok(())
}

/// A template's text over one of the limits `check_nesting` checks, at the
/// 1-based line and column of the tag that went over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {what}")]
pub struct TextError {
    pub line: usize,
    pub column: usize,
    pub what: TooMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TooMany {
    #[error("more than {MAX_TAGS} tags ({{{{...}}}}) in one template; split it into partials")]
    Tags,
    #[error("blocks nest more than {MAX_BLOCK_NESTING} deep")]
    Blocks,
    #[error("subexpressions nest more than {MAX_PAREN_NESTING} deep")]
    Parens,
}

/// Checks a template's text before it is compiled: at most `MAX_TAGS` tags,
/// blocks nest at most `MAX_BLOCK_NESTING` deep and subexpressions
/// `MAX_PAREN_NESTING`. On
/// failure, the 1-based line and column of the tag that went too deep and
/// what was exceeded.
pub fn check_nesting(text: &str) -> Result<(), TextError> {
    let b = text.as_bytes();
    let (mut blocks, mut tags, mut i) = (0usize, 0usize, 0usize);
    while i + 1 < b.len() {
        if !(b[i] == b'{' && b[i + 1] == b'{') || (i > 0 && b[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let start = i;
        tags += 1;
        if tags > MAX_TAGS {
            let (l, c) = line_col(text, start);
            return Err(TextError {
                line: l,
                column: c,
                what: TooMany::Tags,
            });
        }
        let mut j = i + 2;
        while j < b.len() && b[j] == b'{' {
            j += 1;
        }
        if j < b.len() && b[j] == b'~' {
            j += 1;
        }
        // Comments may hold anything, braces and all.
        if b[j..].starts_with(b"!--") {
            i = find(b, j, b"--").map_or(b.len(), |e| e + 2);
            i = find(b, i.saturating_sub(2), b"}}").map_or(b.len(), |e| e + 2);
            continue;
        }
        if b.get(j) == Some(&b'!') {
            i = find(b, j, b"}}").map_or(b.len(), |e| e + 2);
            continue;
        }
        let opens = match b.get(j) {
            Some(b'#') => true,
            // `{{^}}` is `else`; `{{^name}}` opens an inverse block.
            Some(b'^') => b.get(j + 1).is_some_and(|c| c.is_ascii_alphabetic()),
            _ => false,
        };
        if opens {
            blocks += 1;
            if blocks > MAX_BLOCK_NESTING {
                let (l, c) = line_col(text, start);
                return Err(TextError {
                    line: l,
                    column: c,
                    what: TooMany::Blocks,
                });
            }
        } else if b.get(j) == Some(&b'/') {
            blocks = blocks.saturating_sub(1);
        }
        // Subexpressions inside the tag, outside its string literals.
        let (mut parens, mut quote) = (0usize, None::<u8>);
        let mut k = j;
        while k + 1 < b.len() && !(quote.is_none() && b[k] == b'}' && b[k + 1] == b'}') {
            match (quote, b[k]) {
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                (None, b'(') => {
                    parens += 1;
                    if parens > MAX_PAREN_NESTING {
                        let (l, c) = line_col(text, start);
                        return Err(TextError {
                            line: l,
                            column: c,
                            what: TooMany::Parens,
                        });
                    }
                }
                (None, b')') => parens = parens.saturating_sub(1),
                _ => {}
            }
            k += 1;
        }
        i = k + 2;
    }
    Ok(())
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// What is wrong with a registered template set. `template` is the
/// registered name of the template it is about (for an inline partial, the
/// template defining it); the messages name templates as the user knows them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("a partial's name must be written out ({{{{> name}}}}), not computed")]
    ComputedPartial { template: String },
    #[error("partial blocks ({{{{#> {partial}}}}}...{{{{/{partial}}}}}) are not supported; include the partial with {{{{> {partial}}}}}")]
    PartialBlock { template: String, partial: String },
    #[error("an inline partial's name must be a string literal")]
    InlineName { template: String },
    /// `steps`: the cycle, its first template repeated at the end.
    #[error(
        "{}; a template may not include itself, directly or through others",
        cycle(steps)
    )]
    Cycle {
        template: String,
        steps: Vec<String>,
    },
    #[error("{label} includes templates {depth} deep; at most {MAX_INCLUDE_DEPTH} are allowed")]
    TooDeep {
        template: String,
        label: String,
        depth: usize,
    },
    #[error("{label} expands, with what it includes, to more than {limit} template elements (a partial included many times over?)")]
    TooLarge {
        template: String,
        label: String,
        limit: u64,
    },
}

impl SetError {
    /// The registered template the error is about.
    pub fn template(&self) -> &str {
        match self {
            SetError::ComputedPartial { template }
            | SetError::PartialBlock { template, .. }
            | SetError::InlineName { template }
            | SetError::Cycle { template, .. }
            | SetError::TooDeep { template, .. }
            | SetError::TooLarge { template, .. } => template,
        }
    }
}

fn cycle(steps: &[String]) -> String {
    if steps.len() == 2 {
        format!("{} includes itself", steps[0])
    } else {
        format!(
            "templates include each other in a cycle: {}",
            steps.join(", which includes ")
        )
    }
}

/// What the shape of one template breaks, before it is known which.
#[derive(Debug)]
enum Shape {
    ComputedPartial,
    PartialBlock(String),
    InlineName,
}

impl Shape {
    fn of(self, template: &str) -> SetError {
        let template = template.to_string();
        match self {
            Shape::ComputedPartial => SetError::ComputedPartial { template },
            Shape::PartialBlock(partial) => SetError::PartialBlock { template, partial },
            Shape::InlineName => SetError::InlineName { template },
        }
    }
}

/// One template or inline partial of the include graph: its own elements
/// (inline partials' bodies aside) and the names it includes, once per
/// occurrence.
#[derive(Debug, Default)]
struct Node {
    own: u64,
    refs: Vec<String>,
}

impl Node {
    /// Adds `t`'s elements; inline partial definitions go to `inline`.
    fn add_template(
        &mut self,
        t: &Template,
        inline: &mut BTreeMap<String, Node>,
    ) -> Result<(), Shape> {
        t.elements
            .iter()
            .try_for_each(|e| self.add_element(e, inline))
    }

    fn add_element(
        &mut self,
        e: &TemplateElement,
        inline: &mut BTreeMap<String, Node>,
    ) -> Result<(), Shape> {
        self.own += 1;
        match e {
            TemplateElement::PartialExpression(d) => {
                match static_name(&d.name) {
                    Some(n) => self.refs.push(n),
                    None => return Err(Shape::ComputedPartial),
                }
                self.add_params(&d.params, inline)?;
                for p in d.hash.values() {
                    self.add_params(std::slice::from_ref(p), inline)?;
                }
            }
            TemplateElement::PartialBlock(d) => {
                return Err(Shape::PartialBlock(
                    static_name(&d.name).unwrap_or_default(),
                ));
            }
            TemplateElement::Expression(h)
            | TemplateElement::HtmlExpression(h)
            | TemplateElement::HelperBlock(h) => {
                if h.name.as_name() == Some("part") {
                    if let Some(n) = h.params.first().and_then(literal_str) {
                        self.refs.push(n);
                    }
                }
                self.add_params(&h.params, inline)?;
                for p in h.hash.values() {
                    self.add_params(std::slice::from_ref(p), inline)?;
                }
                if let Some(t) = &h.template {
                    self.add_template(t, inline)?;
                }
                if let Some(t) = &h.inverse {
                    self.add_template(t, inline)?;
                }
            }
            TemplateElement::DecoratorBlock(d) => {
                if let Some(body) = &d.template {
                    if d.name.as_name() == Some("inline") {
                        let Some(name) = d.params.first().and_then(literal_str) else {
                            return Err(Shape::InlineName);
                        };
                        let mut node = Node::default();
                        node.add_template(body, inline)?;
                        let entry = inline.entry(name).or_default();
                        entry.own = entry.own.saturating_add(node.own);
                        entry.refs.extend(node.refs);
                    } else {
                        self.add_template(body, inline)?;
                    }
                }
            }
            // Text, comments, decorator expressions (and any element a later
            // handlebars adds) include nothing.
            _ => {}
        }
        Ok(())
    }

    /// Subexpressions among `ps` (`(part "x")` counts as an include).
    fn add_params(
        &mut self,
        ps: &[Parameter],
        inline: &mut BTreeMap<String, Node>,
    ) -> Result<(), Shape> {
        for p in ps {
            if let Parameter::Subexpression(s) = p {
                self.add_element(&s.element, inline)?;
            }
        }
        Ok(())
    }
}

/// Analyses the registered set (see the module docs) and gives `budget`
/// the expanded size of every template. `file` names a registered template
/// as the user knows it.
pub fn analyse(
    hb: &Handlebars<'_>,
    budget: &Budget,
    file: &dyn Fn(&str) -> String,
) -> Result<(), SetError> {
    // Inline partials are nodes under their own name; one that shares a
    // template's name is one node with it (a cycle through either is refused).
    let mut graph: BTreeMap<String, Node> = BTreeMap::new();
    // Inline partial -> the template that defines it (the first, if several).
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut names: Vec<&String> = hb.get_templates().keys().collect();
    names.sort();
    for name in names {
        let Some(t) = hb.get_template(name) else {
            continue;
        };
        let mut node = Node::default();
        let mut inline = BTreeMap::new();
        node.add_template(t, &mut inline)
            .map_err(|shape| shape.of(name))?;
        for n in inline.keys() {
            if hb.get_template(n).is_none() {
                owner.entry(n.clone()).or_insert_with(|| name.clone());
            }
        }
        for (n, i) in inline.into_iter().chain([(name.clone(), node)]) {
            let entry = graph.entry(n).or_default();
            entry.own = entry.own.saturating_add(i.own);
            entry.refs.extend(i.refs);
        }
    }
    // How a node is named in messages, and which template an error is about.
    let label = |n: &str| match owner.get(n) {
        Some(t) => format!("inline partial `{n}` of {}", file(t)),
        None => file(n),
    };
    let about = |n: &str| owner.get(n).cloned().unwrap_or_else(|| n.to_string());
    let order = topological(&graph).map_err(|cycle| SetError::Cycle {
        template: about(&cycle[0]),
        steps: cycle.iter().map(|n| label(n)).collect(),
    })?;
    // Leaves first: a node's size is its own plus what it includes.
    let mut costs: BTreeMap<String, u64> = BTreeMap::new();
    let mut depths: BTreeMap<String, usize> = BTreeMap::new();
    let limits = budget.limits();
    for n in order {
        let node = &graph[&n];
        let mut cost = node.own;
        let mut depth = 1;
        for r in &node.refs {
            cost = cost.saturating_add(costs.get(r).copied().unwrap_or(1));
            depth = depth.max(1 + depths.get(r).copied().unwrap_or(0));
        }
        if depth > MAX_INCLUDE_DEPTH {
            return Err(SetError::TooDeep {
                template: about(&n),
                label: label(&n),
                depth,
            });
        }
        if cost > limits.work {
            return Err(SetError::TooLarge {
                template: about(&n),
                label: label(&n),
                limit: limits.work,
            });
        }
        costs.insert(n.clone(), cost);
        depths.insert(n, depth);
    }
    *budget.costs.lock().unwrap_or_else(|e| e.into_inner()) = costs;
    Ok(())
}

/// The nodes of `graph`, each after everything it includes; or the first
/// cycle found (its first node repeated at the end). Iterative: a chain of
/// thousands of inline partials must not overflow the stack here.
fn topological(graph: &BTreeMap<String, Node>) -> Result<Vec<String>, Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut order = Vec::with_capacity(graph.len());
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // (node, index of the next include to visit)
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            let refs = graph.get(n).map_or(&[][..], |node| &node.refs[..]);
            if let Some(r) = refs.get(*next) {
                *next += 1;
                match marks.get(r.as_str()) {
                    Some(Mark::Done) => {}
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(s, _)| *s == r).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(s, _)| s.to_string()).collect();
                        cycle.push(r.clone());
                        return Err(cycle);
                    }
                    None if graph.contains_key(r) => {
                        marks.insert(r, Mark::Open);
                        stack.push((r, 0));
                    }
                    // A name no template has: the render reports it.
                    None => {}
                }
            } else {
                marks.insert(n, Mark::Done);
                order.push(n.to_string());
                stack.pop();
            }
        }
    }
    Ok(order)
}

fn static_name(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Name(_) | Parameter::Path(_) => p.as_name().map(str::to_owned),
        Parameter::Literal(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn literal_str(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Literal(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}
