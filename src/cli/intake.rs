//! `docket register`, `docket withdraw`, `docket correct`: intake on the
//! command line (the terminal app has the form).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::api;
use crate::domain::case::CaseNo;
use crate::domain::record::CaseRecord;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    /// One application as a JSON object in the import format (docs/formats.md), or - for standard input.
    pub file: PathBuf,
    /// The consultation (its number) the application came from: it is
    /// linked to the new case.
    #[arg(long, value_name = "ID")]
    pub consultation: Option<u64>,
    /// The day of that consultation [default: today].
    #[arg(long, value_name = "DATE", requires = "consultation", value_parser = super::date_arg)]
    pub consulted: Option<chrono::NaiveDate>,
}

pub fn register(ctx: &Context, args: RegisterArgs) -> Outcome {
    let mut text = String::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(&args.file)
            .map_err(|e| Failure::from(ctx.cannot_read(&args.file, &e)))?;
    }
    let de = &mut serde_json::Deserializer::from_str(&text);
    let record: CaseRecord = serde_path_to_error::deserialize(de)
        .map_err(|e| Failure::from(format!("{}: {}", e.path(), e.inner())))?;
    let mut valid = record.validate(ctx.today).map_err(|errs| {
        let lines: Vec<String> = errs.iter().map(|e| format!("  {e}")).collect();
        Failure::from(format!(
            "{}\n{}",
            ctx.say("not_registered", &[]),
            lines.join("\n")
        ))
    })?;
    valid.no = None;
    if valid.case.caseworker.is_none() {
        valid.case.caseworker = Some(ctx.user.clone());
    }
    let mut store = ctx.create("register")?;
    let no = store.call(api::Register {
        case: Box::new(valid),
        today: ctx.today,
        consultation: args
            .consultation
            .map(|id| (args.consulted.unwrap_or(ctx.today), id)),
    })?;
    println!("{}", ctx.say("registered", &[("case", &no.to_string())]));
    if let Some(case) = store.call(api::GetCase { no })? {
        let list = CaseNo::list;
        let f = &case.flags;
        if f.emergency {
            println!("{}", ctx.say("emergency", &[]));
        }
        if !f.possible_duplicates.is_empty() {
            let cases = list(&f.possible_duplicates);
            println!("{}", ctx.say("duplicate", &[("cases", &cases)]));
        }
        if !f.possible_conflicts.is_empty() {
            let cases = list(&f.possible_conflicts);
            println!("{}", ctx.say("conflict", &[("cases", &cases)]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct WithdrawArgs {
    /// The case number.
    pub case: String,
    /// The applicant's reason (kept in the history).
    #[arg(long)]
    pub reason: String,
}

pub fn withdraw(ctx: &Context, args: WithdrawArgs) -> Outcome {
    let no: CaseNo = args.case.parse()?;
    // A step of the procedure; the reason is checked where every step's is.
    let step = crate::domain::workflow::Step::Withdraw {
        reason: args.reason.clone(),
    }
    .cleaned()
    .map_err(Failure::from)?;
    let crate::domain::workflow::Step::Withdraw { reason } = &step else {
        return Err(Failure::from(args.reason));
    };
    let reason = reason.clone();
    let mut store = ctx.open("withdraw")?;
    store.call(api::ApplyStep {
        case: no,
        expected_revision: None,
        step: Box::new(step),
        today: ctx.today,
    })?;
    println!(
        "{}",
        ctx.say(
            "withdrawn",
            &[("case", &no.to_string()), ("reason", &reason)]
        )
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    /// The case number.
    pub case: String,
    /// The field, as in the import format: applicant.phone, adverse_party, matter, received, ...
    pub field: String,
    /// The new value (empty to clear an optional field; a JSON array for applicant.groups).
    pub value: String,
}

pub fn correct(ctx: &Context, args: CorrectArgs) -> Outcome {
    let no: CaseNo = args.case.parse()?;
    let mut store = ctx.open("correct")?;
    store.call(api::Correct {
        case: no,
        expected_revision: None,
        field: (&args.field).into(),
        value: (&args.value).into(),
        today: ctx.today,
    })?;
    let field = ctx.lang.field_word(&args.field);
    println!(
        "{}",
        ctx.say("corrected", &[("case", &no.to_string()), ("field", &field)])
    );
    Ok(ExitCode::SUCCESS)
}
