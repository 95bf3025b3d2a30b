//! `docket find QUERY`: quick lookups, compact enough for 80 columns over SSH.

use std::process::ExitCode;

use serde_json::json;

use crate::api;
use crate::api::views::Hit;
use crate::display::cell;

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A case number, a name (张三丰, zhangsanfeng, zsf), an ID number or
    /// phone (whole, or the last four or more digits), or an adverse party.
    pub query: String,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let mut store = ctx.open("find")?;
    let hits = store.call(api::Find {
        query: (&args.query).into(),
        limit: args.limit,
    })?;
    if args.json {
        let items: Vec<_> = hits.iter().map(|h| to_json(ctx, h)).collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else if hits.is_empty() {
        println!("{}", ctx.t("find.none").replace("{query}", &args.query));
    } else {
        for h in &hits {
            println!("{}", line(ctx, h));
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn matched(h: &Hit) -> &'static str {
    crate::domain::search::matched(h.field, h.rank)
}

/// One result: number, received, applicant, masked ID, kind/matter, status, why.
fn line(ctx: &Context, h: &Hit) -> String {
    let c = &h.case;
    let id = c
        .applicant
        .id_number
        .as_ref()
        .map(|n| n.masked())
        .unwrap_or_default();
    let what = ctx.t(&format!("matter.{}", c.matter.code()));
    let mut out = format!(
        "{} {} {} {} {} {}",
        cell(&c.no.to_string(), 9),
        c.received,
        cell(&c.applicant.name, 8),
        cell(&id, 18),
        cell(what, 16),
        ctx.t(&format!("status.{}", c.status.code())),
    );
    // Which field matched, when it is not what the line shows first (the
    // number, the name): pinyin, initials, an ID number, a phone.
    if crate::domain::search::says_what_matched(matched(h)) && matched(h) != "adverse_party" {
        let field = ctx.t(&format!("find.matched.{}", matched(h)));
        out.push_str(&format!(
            "\n          {}",
            crate::i18n::fill(ctx.t("find.by"), &[("field", field)])
        ));
    }
    if matched(h) == "adverse_party" {
        let party = c.adverse_party.as_deref().unwrap_or("");
        out.push_str(&format!(
            "\n          {}: {}",
            ctx.t("show.adverse_party"),
            crate::display::fit(party, 56)
        ));
    }
    out
}

fn to_json(_ctx: &Context, h: &Hit) -> serde_json::Value {
    let c = &h.case;
    json!({
        "case_no": c.no.to_string(),
        "received": c.received.to_string(),
        "applicant": c.applicant.name,
        "id_number": c.applicant.id_number.as_ref().map(|n| n.masked()),
        "kind": c.kind.code(),
        "matter": c.matter.code(),
        "status": c.status.code(),
        "adverse_party": c.adverse_party,
        "matched": matched(h),
    })
}
