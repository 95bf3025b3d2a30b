//! A demo case's life replayed through the procedure: each step taken by
//! `workflow::apply` on its day, by a caseworker or the director, as the
//! store would take it. The generator keeps a life only when the procedure
//! takes every step of it and ends where the life says, so the demo cannot
//! show what the rules would refuse.

use chrono::NaiveDate;

use crate::domain::case::Case;
use crate::domain::codes::{Against, Channel, Ground, ReasonCode, Status};
use crate::domain::policy::Policy;
use crate::domain::refusal::Refusal;
use crate::domain::user::Role;
use crate::domain::workflow::{self, Ctx, Step};

/// Why a life cannot be replayed: the step the procedure refused, or the
/// status it ended in when that is not the life's.
#[derive(Debug, Clone, PartialEq)]
pub enum Contradiction {
    Refused {
        step: &'static str,
        why: Box<Refusal>,
    },
    EndsAs {
        replayed: Status,
        life: Status,
    },
}

/// The director who approves and reviews in the demo.
const DIRECTOR: &str = "zhangjr";

/// Replays `life` (a validated demo case) from its reception: the steps its
/// dates and status say, in order, each on its day. The case as far as the
/// procedure took it (whatever the life said, a state the procedure can
/// reach), and why it stopped short when it did.
pub fn replay(life: &Case) -> (Case, Option<Contradiction>) {
    let mut c = life.clone();
    c.status = Status::Received;
    c.steps = Default::default();
    c.review = Default::default();
    c.handling = Default::default();
    c.provider = None;
    c.outcome = None;
    c.result = None;
    c.closing_reason = None;
    match take_steps(life, &mut c) {
        Ok(()) if c.status != life.status => {
            let why = Contradiction::EndsAs {
                replayed: c.status,
                life: life.status,
            };
            (c, Some(why))
        }
        Ok(()) => (c, None),
        Err(why) => (c, Some(why)),
    }
}

/// Takes the life's steps on `c`, stopping at the first one refused.
fn take_steps(life: &Case, c: &mut Case) -> Result<(), Contradiction> {
    let s = &life.steps;
    let worker = life.caseworker.clone().unwrap_or_else(|| "demo".into());
    let take = |c: &mut Case, step: Step, on: NaiveDate, director: bool| {
        let ctx = Ctx {
            who: if director { DIRECTOR } else { &worker },
            role: if director {
                Role::Director
            } else {
                Role::Caseworker
            },
            today: on,
            self_approval: false,
        };
        let code = step.code();
        match workflow::apply(c, &step, &ctx) {
            Ok((next, _)) => {
                *c = next;
                Ok(())
            }
            Err(why) => Err(Contradiction::Refused {
                step: code,
                why: Box::new(why),
            }),
        }
    };
    if let (Some(requested), Some(due)) = (s.documents_requested, s.documents_due) {
        let items = vec!["身份证明".to_string(), "经济困难申报材料".to_string()];
        take(c, Step::RequestDocuments { items, due }, requested, false)?;
        match s.documents_received {
            Some(on) => take(c, Step::DocumentsReceived, on, false)?,
            None if life.status == Status::Withdrawn => {
                let day = due.succ_opt().unwrap_or(due);
                take(c, Step::DeemWithdrawn, day, false)?;
            }
            None => {}
        }
    }
    let notified = life.channel == Channel::Notified;
    if let Some(decided) = s.decided
        && !notified
    {
        let grant = life.status != Status::Denied;
        let (reason_code, text) = if grant {
            (ReasonCode::HardshipMet, "经审查符合经济困难标准")
        } else {
            (ReasonCode::NotHardship, "家庭收入高于当地经济困难标准")
        };
        let propose = Step::Propose {
            grant,
            reason_code,
            text: text.into(),
            standard: None,
        };
        take(c, propose, decided, false)?;
        let approve = Step::Approve {
            note: String::new(),
        };
        take(c, approve, decided, true)?;
    }
    if let Some(filed) = s.objection_filed {
        let object = Step::Object {
            against: Against::Denial,
        };
        take(c, object, filed, false)?;
        if let Some(on) = s.objection_decided {
            let decide = Step::DecideObjection {
                upheld: true,
                note: "维持原决定".into(),
            };
            take(c, decide, on, true)?;
        }
    }
    if let (Some(on), Some(a)) = (s.assigned, life.handling.assignments.first()) {
        let assign = Step::Assign {
            provider: a.provider.clone(),
            reason: a.reason.clone(),
        };
        take(c, assign, on, false)?;
        // The case names its provider as the store names them (the
        // assignment keeps the id).
        c.provider = life.provider.clone();
    }
    if let Some(on) = s.agreement_signed {
        take(c, Step::AgreementSigned, on, false)?;
    }
    if life.status == Status::Withdrawn && c.status != Status::Withdrawn {
        let on = s.documents_received.unwrap_or(life.received);
        let withdraw = Step::Withdraw {
            reason: "申请人撤回申请".into(),
        };
        take(c, withdraw, on, false)?;
    }
    if life.status == Status::Terminated {
        let on = s.agreement_signed.or(s.assigned).unwrap_or(life.received);
        let terminate = Step::Terminate {
            ground: termination_ground(life.outcome.as_deref().unwrap_or_default()),
        };
        take(c, terminate, on, true)?;
    }
    if let Some(on) = s.concluded {
        let conclude = Step::Conclude {
            outcome: life.outcome.clone().unwrap_or_else(|| "结案".into()),
            result: life.result.clone(),
        };
        take(c, conclude, on, false)?;
    }
    if let Some(on) = s.file_submitted {
        take(c, Step::SubmitFile, on, false)?;
    }
    if let Some(on) = s.file_reviewed {
        // The standard subsidy of the kind, as the store fills it in.
        let standard = Policy::default().rates_on(on).map_or(0, |t| {
            let payee = crate::domain::funds::PayeeType::Lawyer;
            crate::domain::funds::standard(c, t, payee, false).total()
        });
        let review = Step::ReviewFile {
            amount: None,
            standard,
            reason: None,
        };
        take(c, review, on, true)?;
    }
    if let Some(on) = s.file_reviewed {
        // The handling payment proposed on review; an archived file's is
        // approved and paid the same day.
        if let Some(priced) = priced(c, on) {
            // Migrant workers' cases are the lottery project's.
            let migrant = c
                .applicant
                .groups
                .contains(&crate::domain::codes::Group::MigrantWorker);
            let pay = Step::Pay {
                amount: None,
                reason: None,
                cross_region: false,
                source: if migrant {
                    crate::domain::funds::Source::Lottery
                } else {
                    crate::domain::funds::Source::SameLevel
                },
                priced: Some(priced),
            };
            take(c, pay, on, false)?;
            if s.archived.is_some() {
                take(c, Step::ApprovePayment { seq: 1 }, on, true)?;
                let voucher = format!("记-{}-{:04}", c.no.year, c.no.seq);
                take(c, Step::RecordPaid { seq: 1, voucher }, on, false)?;
            }
        }
    }
    if let Some(on) = s.archived {
        take(c, Step::Archive, on, false)?;
        quality(c, on, &take)?;
    }
    Ok(())
}

/// What the store would find for a demo case's payment: its provider's
/// type and the default rates in force on the day its file came in.
fn priced(c: &Case, on: NaiveDate) -> Option<crate::domain::funds::Priced> {
    use crate::domain::funds::{self, PayeeType};
    let id = c.handling.assignments.last()?.provider.clone();
    let kind = super::providers().into_iter().find(|p| p.id == id)?.kind;
    let policy = Policy::default();
    let table = policy.rates_on(c.steps.file_submitted.unwrap_or(on))?;
    let payee_type = PayeeType::of(kind);
    let base = funds::standard(c, table, payee_type, false);
    Some(funds::Priced {
        payee: id,
        payee_type,
        base,
        standard: base,
    })
}

/// An archived demo file's quality: one in five scored by a reviewer (a
/// few failing, waiting for their second review), two in three followed up.
fn quality(
    c: &mut Case,
    on: NaiveDate,
    take: &impl Fn(&mut Case, Step, NaiveDate, bool) -> Result<(), Contradiction>,
) -> Result<(), Contradiction> {
    use crate::domain::quality::{Answers, FollowUpInput, Method, Satisfaction};
    // Which files, from the person (the case's number is not yet given).
    let n = c
        .applicant
        .name
        .chars()
        .map(u32::from)
        .fold(chrono::Datelike::ordinal(&c.received), |a, x| {
            a.wrapping_mul(31).wrapping_add(x)
        });
    if n % 5 == 0 {
        let score = Step::Score {
            items: Vec::new(),
            total: 55 + n.wrapping_mul(7) % 45,
            note: String::new(),
            rules: Some((
                crate::domain::quality::QualityPolicy::default(),
                crate::domain::funds::RateTable::default().grade_percent,
            )),
        };
        take(c, score, on, true)?;
    }
    if n % 3 != 0 {
        let (reached, satisfaction) = match n % 11 {
            0 => (false, None),
            1 => (true, Some(Satisfaction::Fair)),
            2 => (true, Some(Satisfaction::Dissatisfied)),
            _ => (true, Some(Satisfaction::Satisfied)),
        };
        let record = FollowUpInput {
            method: if n % 4 == 0 {
                Method::Visit
            } else {
                Method::Phone
            },
            reached,
            answers: Answers {
                charged: reached.then_some(false),
                met: reached.then_some(true),
                on_time: reached.then_some(true),
                evidence: None,
                courteous: reached.then_some(satisfaction != Some(Satisfaction::Dissatisfied)),
            },
            satisfaction,
            comments: match satisfaction {
                Some(Satisfaction::Dissatisfied) => "认为律师沟通不够".into(),
                Some(_) => "对律师的工作表示认可".into(),
                None => "电话无人接听".into(),
            },
            action: String::new(),
        };
        take(c, Step::FollowUp { record }, on, false)?;
    }
    Ok(())
}

/// The ground (Art. 48) a demo termination's words give.
fn termination_ground(words: &str) -> Ground {
    [
        ("另行委托", Ground::OwnLawyer),
        ("要求终止", Ground::RecipientRequest),
        ("终止审理", Ground::CaseEnded),
        ("不再符合", Ground::NoLongerEligible),
        ("虚假证据", Ground::Concealment),
    ]
    .into_iter()
    .find(|(w, _)| words.contains(w))
    .map_or(Ground::Other, |(_, g)| g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::CaseNo;
    use crate::domain::record::CaseRecord;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// Every life of several seeds' demos is one the procedure takes, and
    /// it gives the life's own step dates.
    #[test]
    fn every_demo_life_is_one_the_procedure_takes() {
        for seed in [1, 2, 7] {
            for (i, r) in super::super::cases(1_500, seed, today()).enumerate() {
                let r: CaseRecord = r;
                let mut life = r.validate(today()).unwrap().case;
                life.no = CaseNo::new(2026, i as u32 + 1);
                let (replayed, stopped) = replay(&life);
                if let Some(e) = stopped {
                    panic!("seed {seed}, case {i}: {e:?}\n{r:?}");
                }
                let s = (&replayed.steps, &life.steps);
                if life.channel != Channel::Notified {
                    assert_eq!(s.0.decided, s.1.decided, "seed {seed}, case {i}");
                }
                assert_eq!(s.0.assigned, s.1.assigned, "seed {seed}, case {i}");
                assert_eq!(replayed.provider, life.provider, "seed {seed}, case {i}");
                assert_eq!(s.0.concluded, s.1.concluded, "seed {seed}, case {i}");
                assert_eq!(s.0.archived, s.1.archived, "seed {seed}, case {i}");
            }
        }
    }
}
