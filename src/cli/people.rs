//! `docket user ...`, `docket provider ...`, `docket assign`: who works on
//! cases, and giving a case to a provider.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::api;
use crate::display::cell;
use crate::domain::case::CaseNo;
use crate::domain::codes::{Kind, Matter};
use crate::domain::provider::{Provider, ProviderKind};
use crate::domain::user::{Names, Role};
use crate::domain::workflow::Step;
use crate::i18n::fill;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add a user (an OS account) or change their role and name; admins only (the first user is an admin).
    Add {
        /// The user's login (operating-system account).
        login: String,
        /// caseworker, director or admin.
        #[arg(long, value_parser = role_arg)]
        role: Role,
        /// The name shown in history and prompts (李伟); kept when not given.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the users, their names and roles, and who is deactivated.
    List,
    /// Deactivate a user: kept in the history, refused by the server from now on.
    Deactivate {
        login: String,
        /// Why (left the center, on leave ...).
        #[arg(long)]
        reason: String,
    },
    /// Activate a deactivated user again.
    Activate { login: String },
}

fn role_arg(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or_else(|| format!("'{s}' is not one of {}", Role::choices()))
}

pub fn user(ctx: &Context, cmd: UserCommand) -> Outcome {
    let mut store = ctx.create("user")?;
    let role_word = |role: Role| ctx.t(&format!("tui.role.{}", role.code())).to_string();
    match cmd {
        UserCommand::Add { login, role, name } => {
            store.call(api::SetUser {
                name: login.clone(),
                role,
                display_name: name,
            })?;
            let users = store.call(api::ListUsers {})?;
            let names = Names::of_users(&users);
            println!(
                "{}",
                fill(
                    ctx.t("cli.user_set"),
                    &[
                        ("user", &names.with_login(&login)),
                        ("role", &role_word(role))
                    ]
                )
            );
        }
        UserCommand::List => {
            let users = store.call(api::ListUsers {})?;
            if users.is_empty() {
                println!("{}", ctx.t("cli.no_users"));
            }
            for u in &users {
                let state = if u.active {
                    String::new()
                } else {
                    ctx.t("cli.user_inactive").to_string()
                };
                println!(
                    "{} {} {} {state}",
                    cell(&u.name, 16),
                    cell(u.display_name.as_deref().unwrap_or("-"), 16),
                    cell(&role_word(u.role), 12)
                );
            }
            let you = Names::of_users(&users).with_login(&ctx.user);
            let role = role_word(store.call(api::MyRole {})?);
            println!(
                "{}",
                fill(ctx.t("cli.you_are"), &[("user", &you), ("role", &role)])
            );
        }
        UserCommand::Deactivate { login, reason } => {
            store.call(api::SetUserActive {
                name: login.clone(),
                active: false,
                reason,
            })?;
            println!(
                "{}",
                fill(ctx.t("cli.user_deactivated"), &[("user", &login)])
            );
        }
        UserCommand::Activate { login } => {
            store.call(api::SetUserActive {
                name: login.clone(),
                active: true,
                reason: String::new(),
            })?;
            println!("{}", fill(ctx.t("cli.user_activated"), &[("user", &login)]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ProviderFields {
    /// Name of the person.
    #[arg(long)]
    pub name: Option<String>,
    /// Law firm, legal service office, judicial office or the center.
    #[arg(long)]
    pub org: Option<String>,
    /// lawyer, legal_service_worker, judicial_officer, center_staff or volunteer.
    #[arg(long)]
    pub kind: Option<String>,
    /// Specialty kinds, comma-separated (criminal,civil,...).
    #[arg(long)]
    pub kinds: Option<String>,
    /// Specialty matters, comma-separated (wages,work_injury,...).
    #[arg(long)]
    pub matters: Option<String>,
    /// Years of criminal defence practice.
    #[arg(long)]
    pub criminal_years: Option<u32>,
    /// Suited to juvenile cases (true or false).
    #[arg(long)]
    pub juvenile: Option<bool>,
    /// Open cases at most.
    #[arg(long)]
    pub capacity: Option<u32>,
    /// Active (true or false).
    #[arg(long)]
    pub active: Option<bool>,
    #[arg(long)]
    pub phone: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ProviderCommand {
    /// Add a provider.
    Add {
        /// A short id, such as P-0001.
        id: String,
        #[command(flatten)]
        fields: ProviderFields,
    },
    /// Change a provider's fields.
    Edit {
        id: String,
        #[command(flatten)]
        fields: ProviderFields,
    },
    /// List providers with their load and specialties.
    List,
    /// A provider's scorecard: open cases against capacity, overdue, grades, satisfaction, complaints, subsidies paid this year.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Import providers from JSON Lines (a file, or -): all or nothing.
    Import { file: PathBuf },
}

fn list<T>(
    s: &str,
    parse: fn(&str) -> Option<T>,
    choices: fn() -> String,
) -> Result<Vec<T>, Failure> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| parse(t).ok_or_else(|| not_one_of(t, choices())))
        .collect()
}

/// A word that is none of the codes, with the codes, in the reader's language.
fn not_one_of(value: &str, expected: String) -> Failure {
    Failure::from(crate::domain::refusal::Refusal::from(
        crate::domain::refusal::Why::NotOneOf {
            value: value.to_string(),
            expected,
        },
    ))
}

fn apply_fields(p: &mut Provider, f: ProviderFields) -> Result<(), Failure> {
    if let Some(v) = f.name {
        p.name = v;
    }
    if let Some(v) = f.org {
        p.organization = v;
    }
    if let Some(v) = f.kind {
        p.kind =
            ProviderKind::from_code(&v).ok_or_else(|| not_one_of(&v, ProviderKind::codes()))?;
    }
    if let Some(v) = f.kinds {
        p.kinds = list(&v, Kind::from_code, Kind::codes)?;
    }
    if let Some(v) = f.matters {
        p.matters = list(&v, Matter::from_code, Matter::codes)?;
    }
    if let Some(v) = f.criminal_years {
        p.criminal_defense_years = v;
    }
    if let Some(v) = f.juvenile {
        p.juvenile = v;
    }
    if let Some(v) = f.capacity {
        p.capacity = v;
    }
    if let Some(v) = f.active {
        p.active = v;
    }
    if f.phone.is_some() {
        p.phone = f.phone;
    }
    p.validate().map_err(|e| Failure::from(e.join("; ")))
}

pub fn provider(ctx: &Context, cmd: ProviderCommand) -> Outcome {
    let mut store = ctx.create("provider")?;
    match cmd {
        ProviderCommand::Add { id, fields } => {
            if store
                .call(api::ListProviders {})?
                .iter()
                .any(|(p, _)| p.id == id)
            {
                return Err(Failure::from(ctx.say("provider_exists", &[("id", &id)])));
            }
            let mut p = Provider {
                id: id.clone(),
                name: String::new(),
                organization: String::new(),
                kind: ProviderKind::Lawyer,
                kinds: Vec::new(),
                matters: Vec::new(),
                criminal_defense_years: 0,
                juvenile: false,
                capacity: 10,
                active: true,
                phone: None,
            };
            apply_fields(&mut p, fields)?;
            store.call(api::SetProviders { providers: vec![p] })?;
            println!("{}", ctx.say("provider_added", &[("id", &id)]));
        }
        ProviderCommand::Edit { id, fields } => {
            let mut p = store
                .call(api::ListProviders {})?
                .into_iter()
                .map(|(p, _)| p)
                .find(|p| p.id == id)
                .ok_or_else(|| Failure::from(ctx.say("no_provider", &[("id", &id)])))?;
            apply_fields(&mut p, fields)?;
            store.call(api::SetProviders { providers: vec![p] })?;
            println!("{}", ctx.say("provider_changed", &[("id", &id)]));
        }
        ProviderCommand::Show { id, json } => {
            let s = store.call(api::GetScorecard {
                id,
                today: ctx.today,
            })?;
            if json {
                let pairs = |v: Vec<(&str, u32)>| {
                    v.into_iter()
                        .map(|(k, n)| (k.to_string(), serde_json::json!(n)))
                        .collect::<serde_json::Map<_, _>>()
                };
                let v = serde_json::json!({
                    "id": s.provider.id,
                    "name": s.provider.name,
                    "organization": s.provider.organization,
                    "kind": s.provider.kind.code(),
                    "open": s.open,
                    "capacity": s.provider.capacity,
                    "overdue": s.overdue.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                    "grades": pairs(s.grades.iter().map(|(g, n)| (g.code(), *n)).collect()),
                    "satisfaction": pairs(s.satisfaction.iter().map(|(g, n)| (g.code(), *n)).collect()),
                    "complaints": s.complaints,
                    "complaints_open": s.complaints_open,
                    "paid_this_year": s.paid_this_year,
                    "year": s.year,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                let l = ctx.lang;
                let words = |table: &str, v: Vec<(&str, u32)>| {
                    v.into_iter()
                        .map(|(k, n)| format!("{} {n}", l.code_in(table, k)))
                        .collect::<Vec<_>>()
                        .join(ctx.t("history.list_separator"))
                };
                println!("{} ({})", s.provider.display_name(), s.provider.id);
                let overdue: Vec<String> = s.overdue.iter().map(|n| n.to_string()).collect();
                for (key, value) in [
                    (
                        "scorecard.load",
                        format!("{} / {}", s.open, s.provider.capacity),
                    ),
                    (
                        "scorecard.overdue",
                        format!("{} {}", s.overdue.len(), overdue.join(" ")),
                    ),
                    (
                        "scorecard.grades",
                        words(
                            "quality.grade",
                            s.grades.iter().map(|(g, n)| (g.code(), *n)).collect(),
                        ),
                    ),
                    (
                        "scorecard.satisfaction",
                        words(
                            "quality.satisfaction",
                            s.satisfaction.iter().map(|(g, n)| (g.code(), *n)).collect(),
                        ),
                    ),
                    (
                        "scorecard.complaints",
                        format!(
                            "{} ({} {})",
                            s.complaints,
                            ctx.t("quality.open"),
                            s.complaints_open
                        ),
                    ),
                    (
                        "scorecard.paid",
                        format!("{} ({})", s.paid_this_year, s.year),
                    ),
                ] {
                    println!(
                        "  {}  {}",
                        crate::display::cell(ctx.t(key), 16),
                        value.trim_end()
                    );
                }
            }
        }
        ProviderCommand::List => {
            for (p, open) in store.call(api::ListProviders {})? {
                let kinds: Vec<&str> = p.kinds.iter().map(|k| k.code()).collect();
                println!(
                    "{} {} {} {:>3}/{:<3} {}{}{}",
                    cell(&p.id, 7),
                    cell(&p.name, 8),
                    cell(&p.organization, 22),
                    open,
                    p.capacity,
                    kinds.join(","),
                    if p.juvenile { " juvenile" } else { "" },
                    if p.active { "" } else { " (inactive)" },
                );
            }
        }
        ProviderCommand::Import { file } => {
            let input: Box<dyn Read> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(
                    std::fs::File::open(&file)
                        .map_err(|e| Failure::from(ctx.cannot_read(&file, &e)))?,
                )
            };
            let mut providers = Vec::new();
            let mut problems = Vec::new();
            for (i, line) in BufReader::new(input).lines().enumerate() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Provider>(&line) {
                    Ok(p) => match p.validate() {
                        Ok(()) => providers.push(p),
                        Err(errs) => problems
                            .extend(errs.into_iter().map(|e| format!("line {}: {e}", i + 1))),
                    },
                    Err(e) => problems.push(format!("line {}: {e}", i + 1)),
                }
            }
            if !problems.is_empty() {
                return Err(Failure::from(format!(
                    "{}\n  {}",
                    ctx.say("providers_problems", &[("n", &problems.len().to_string())]),
                    problems.join("\n  ")
                )));
            }
            let n = providers.len();
            store.call(api::SetProviders { providers })?;
            println!(
                "{}",
                ctx.say("providers_imported", &[("n", &n.to_string())])
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    pub case: String,
    /// The provider's id; without it, the providers are listed ranked.
    pub provider: Option<String>,
    /// Why this provider rather than the first ranked (or why reassigned).
    #[arg(long)]
    pub reason: Option<String>,
    /// Record on the case that it may bring life imprisonment or death
    /// (Law Art. 26: 3+ years of defence practice) before ranking; the
    /// fact stays on the case (`docket correct CASE serious false` undoes it).
    #[arg(long)]
    pub serious: bool,
    /// Replace the current provider (a complaint, a replacement: Art. 55); needs --reason.
    #[arg(long)]
    pub reassign: bool,
}

pub fn assign(ctx: &Context, a: AssignArgs) -> Outcome {
    let no: CaseNo = a.case.parse()?;
    let mut store = ctx.open("assign")?;
    let case = store
        .call(api::GetCase { no })?
        .ok_or_else(|| Failure::from(ctx.no_case(no)))?;
    if a.serious && !case.serious {
        store.call(api::Correct {
            case: no,
            expected_revision: None,
            field: "serious".into(),
            value: "true".into(),
            today: ctx.today,
        })?;
    }
    let ranked = store.call(api::RankProviders { case: no })?;
    let Some(id) = a.provider else {
        if a.serious || case.serious {
            println!("{}", ctx.t("provider.serious"));
        }
        for (i, c) in ranked.iter().enumerate() {
            let mark = if c.excluded.is_empty() {
                format!("{:>2}.", i + 1)
            } else if c.excluded.iter().all(|e| !e.is_hard()) {
                " ! ".into()
            } else {
                " ✗ ".into()
            };
            println!(
                "{mark} {} {} {} {:>3}/{:<3}",
                cell(&c.id, 7),
                cell(&c.name, 8),
                cell(&c.organization, 22),
                c.open,
                c.capacity
            );
            let excluded = c.excluded.iter().map(|e| ctx.lang.exclusion(e));
            for why in excluded.chain(c.reasons.iter().map(|r| ctx.lang.reason(r))) {
                println!("      {why}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    // The store refuses a provider a hard rule excludes, and another than
    // the first ranked without a reason.
    let step = if a.reassign {
        Step::Reassign {
            provider: id.clone(),
            reason: a.reason.unwrap_or_default(),
        }
    } else {
        Step::Assign {
            provider: id.clone(),
            reason: a.reason,
        }
    };
    store.call(api::ApplyStep {
        case: no,
        expected_revision: None,
        step: Box::new(step),
        today: ctx.today,
    })?;
    println!(
        "{}",
        ctx.say("assigned", &[("case", &no.to_string()), ("provider", &id)])
    );
    Ok(ExitCode::SUCCESS)
}
