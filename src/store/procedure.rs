//! The store's side of the procedure: users and roles, providers, and the
//! steps of a case's life (the rules themselves are in domain::workflow).

use chrono::NaiveDate;

use crate::domain::case::{Case, CaseNo};
use crate::domain::codes::ReasonCode;
use crate::domain::decision;
use crate::domain::eligibility::{self, Check, Facts};
use crate::domain::event::Change;
use crate::domain::policy::Policy;
use crate::domain::provider::{self, Provider};
use crate::domain::refusal::{Coded, Table, Why};
use crate::domain::user::{self, Role, User};
use crate::domain::workflow::{self, Step};

use super::{Actor, Result, Store, StoreError, keys};
use crate::api::views::Choice;
use crate::codec;

impl Store {
    pub fn users(&self) -> Result<Vec<User>> {
        self.db
            .scan_prefix([keys::USER])
            .map(|item| Ok(codec::decode(&item?.1)?))
            .collect()
    }

    /// The role of an OS user: as recorded; an unknown user of a store
    /// with users is a caseworker; in a store without users, everyone is
    /// an admin until the first user is recorded. A deactivated user has
    /// no role: the server refuses them before this is asked.
    pub fn role_of(&self, name: &str) -> Result<Role> {
        if let Some(u) = self.get::<User>(&keys::user(name))? {
            if !u.active {
                return Err(StoreError::Refusal(
                    Why::UserDeactivated { user: u.name }.into(),
                ));
            }
            return Ok(u.role);
        }
        let any = self.db.scan_prefix([keys::USER]).next().is_some();
        Ok(if any { Role::Caseworker } else { Role::Admin })
    }

    /// A recorded user who was deactivated (the server refuses them).
    pub fn is_deactivated(&self, name: &str) -> Result<bool> {
        Ok(self
            .get::<User>(&keys::user(name))?
            .is_some_and(|u| !u.active))
    }

    /// Refused unless `actor` is an admin (anyone, in a store without users).
    fn admin_only(&self, actor: &Actor) -> Result<()> {
        if self.users()?.is_empty() {
            return Ok(());
        }
        let role = self.role_of(&actor.user)?;
        if !role.may_administer() {
            return Err(StoreError::Refusal(
                Why::AdminOnly {
                    user: actor.user.clone(),
                    role: Coded::new(Table::Role, role),
                }
                .into(),
            ));
        }
        Ok(())
    }

    /// Adds a user or changes their role, and their display name when one
    /// is given (kept otherwise). Only an admin may; the first user of a
    /// new store is an admin (the one who adds the first user is recorded
    /// as an admin too).
    pub fn set_user(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        display_name: Option<&str>,
    ) -> Result<()> {
        self.admin_only(actor)?;
        let display_name = match display_name {
            None => None,
            Some(given) => Some(user::display_name(given).ok_or_else(|| {
                StoreError::Refusal(
                    Why::BadDisplayName {
                        max: user::MAX_DISPLAY_NAME as u32,
                    }
                    .into(),
                )
            })?),
        };
        let first = self.users()?.is_empty();
        let before = self.get::<User>(&keys::user(name))?;
        self.write(|tx| {
            let set = |before: Option<&User>,
                       name: &str,
                       role: Role,
                       given: Option<String>,
                       tx: &mut super::Tx<'_>|
             -> Result<()> {
                let kept = before.and_then(|u| u.display_name.clone());
                let user = User {
                    name: name.to_string(),
                    role,
                    active: before.is_none_or(|u| u.active),
                    display_name: given.or(kept.clone()),
                };
                tx.put(keys::user(name), codec::encode(&user));
                tx.append_event(
                    actor,
                    None,
                    Change::UserSet {
                        name: name.to_string(),
                        role: role.code().to_string(),
                    },
                )?;
                if let Some(shown) = &user.display_name
                    && user.display_name != kept
                {
                    tx.append_event(
                        actor,
                        None,
                        Change::UserNamed {
                            name: name.to_string(),
                            display_name: shown.clone(),
                        },
                    )?;
                }
                Ok(())
            };
            let role = if first && name == actor.user {
                Role::Admin
            } else {
                role
            };
            if first && name != actor.user {
                // A store without users: the actor has no record yet.
                set(None, &actor.user, Role::Admin, None, tx)?;
            }
            set(before.as_ref(), name, role, display_name, tx)
        })
    }

    /// Deactivates a user (kept in the history; the server refuses them
    /// from now on) or activates them again. Admins only; nobody
    /// deactivates themselves (so an admin is always left).
    pub fn set_user_active(
        &self,
        actor: &Actor,
        name: &str,
        active: bool,
        reason: &str,
    ) -> Result<()> {
        self.admin_only(actor)?;
        let refuse = |why: Why| Err(StoreError::Refusal(why.into()));
        let Some(mut user) = self.get::<User>(&keys::user(name))? else {
            return refuse(Why::UnknownUser {
                user: name.to_string(),
            });
        };
        if !active {
            if name == actor.user {
                return refuse(Why::DeactivateSelf);
            }
            if reason.trim().is_empty() {
                return refuse(Why::DeactivationNeedsReason);
            }
        }
        if user.active == active {
            return Ok(());
        }
        user.active = active;
        self.write(|tx| {
            tx.put(keys::user(name), codec::encode(&user));
            tx.append_event(
                actor,
                None,
                Change::UserActive {
                    name: name.to_string(),
                    active,
                    reason: crate::domain::text::one_line(reason).trim().to_string(),
                },
            )
        })
    }

    pub fn providers(&self) -> Result<Vec<Provider>> {
        self.db
            .scan_prefix([keys::PROVIDER])
            .map(|item| Ok(codec::decode(&item?.1)?))
            .collect()
    }

    pub fn provider(&self, id: &str) -> Result<Option<Provider>> {
        self.get(&keys::provider(id))
    }

    /// Adds or replaces providers, all of them or none.
    pub fn set_providers(&self, actor: &Actor, providers: Vec<Provider>) -> Result<()> {
        self.write(|tx| {
            for p in providers {
                let detail = if tx.get(&keys::provider(&p.id))?.is_some() {
                    "changed"
                } else {
                    "added"
                };
                tx.put(keys::provider(&p.id), codec::encode(&p));
                tx.append_event(
                    actor,
                    None,
                    Change::ProviderSet {
                        id: p.id.clone(),
                        detail: format!("{detail}: {} ({})", p.name, p.organization),
                    },
                )?;
            }
            Ok(())
        })
    }

    /// How many open cases a provider has (read from its index).
    pub fn provider_load(&self, id: &str) -> usize {
        self.db
            .scan_prefix(keys::provider_case_prefix(keys::PROVIDER_OPEN, id))
            .count()
    }

    /// The provider's open cases, in number order.
    pub fn provider_open_cases(&self, id: &str) -> Result<Vec<CaseNo>> {
        let prefix = keys::provider_case_prefix(keys::PROVIDER_OPEN, id);
        self.db
            .scan_prefix(&prefix)
            .map(|item| {
                let (k, _) = item?;
                keys::case_no_of_case_key(&k[k.len() - 7..])
                    .ok_or_else(|| StoreError::Sled("the provider index is damaged".into()))
            })
            .collect()
    }

    /// The provider's past cases whose client had this name (the conflict
    /// rule): one index range, however many cases the provider had.
    pub fn provider_clients(&self, id: &str, name: &str) -> Result<Vec<(CaseNo, String)>> {
        let key = provider::name_key(name);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = keys::provider_client_prefix(id, &key);
        Ok(self
            .current_cases(&prefix, usize::MAX)?
            .into_iter()
            .map(|case| (case.no, case.applicant.name))
            .collect())
    }

    /// For the conflict rule: each provider's past cases whose client had
    /// the name of this case's adverse party. Read before ranking, so that
    /// an unreadable index is an error, never a conflict passed over.
    fn past_clients(
        &self,
        case: &Case,
        providers: &[Provider],
    ) -> Result<impl Fn(&str) -> Vec<(CaseNo, String)> + use<>> {
        let adverse = case.adverse_party.clone().unwrap_or_default();
        let mut by_provider = std::collections::HashMap::new();
        for p in providers {
            by_provider.insert(p.id.clone(), self.provider_clients(&p.id, &adverse)?);
        }
        Ok(move |id: &str| by_provider.get(id).cloned().unwrap_or_default())
    }

    /// Providers ranked for a case, with the reasons (hard rules first).
    /// Whether the case may bring a life or death sentence (Law Art. 26)
    /// is read from the case.
    pub fn rank_providers(&self, no: CaseNo) -> Result<Vec<Choice>> {
        let case = self.case(no)?.ok_or(StoreError::NoCase(no))?;
        let providers = self.providers()?;
        let clients = self.past_clients(&case, &providers)?;
        let load = |id: &str| self.provider_load(id) as u32;
        Ok(provider::rank(&case, &providers, &load, &clients)
            .iter()
            .map(|r| Choice {
                id: r.provider.id.clone(),
                name: r.provider.name.clone(),
                organization: r.provider.organization.clone(),
                open: load(&r.provider.id),
                capacity: r.provider.capacity,
                excluded: r.excluded.clone(),
                reasons: r.reasons.clone(),
            })
            .collect())
    }

    /// The case's eligibility checklist as of `today`, with the conflict
    /// search made (the adverse party as a client of the center, and the
    /// applicant as an earlier case's adverse party).
    pub fn checklist(&self, no: CaseNo, today: NaiveDate) -> Result<Vec<Check>> {
        let case = self.case(no)?.ok_or(StoreError::NoCase(no))?;
        let rules = self.rules()?;
        self.evaluate(&case, &rules.policy, today)
    }

    fn evaluate(&self, case: &Case, policy: &Policy, today: NaiveDate) -> Result<Vec<Check>> {
        let conflicts = self.conflicts_of(case)?;
        let facts = Facts {
            today,
            home_area: crate::domain::policy::DEFAULT_AREA_CODE,
            conflicts: Some(&conflicts),
        };
        Ok(eligibility::evaluate_with(case, &facts, policy))
    }

    /// Applies a step of the procedure (domain::workflow) to a case, as the
    /// actor with their role; refuses an assignment the hard rules forbid.
    pub fn step(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        step: Step,
        today: NaiveDate,
    ) -> Result<()> {
        // The one text rule, whoever the client is.
        let mut step = step.cleaned().map_err(StoreError::Refusal)?;
        let role = self.role_of(&actor.user)?;
        let rules = self.rules()?;
        let case = self.case(no)?.ok_or(StoreError::NoCase(no))?;
        // Facts the store knows better than the caller.
        match &mut step {
            Step::Propose {
                standard,
                grant,
                reason_code,
                ..
            } => {
                *standard = rules
                    .policy
                    .standard_on(case.received)
                    .map(|s| s.describe());
                let checks = self.evaluate(&case, &rules.policy, today)?;
                if let Some(why) = decision::refusal(&case, &checks, *grant, *reason_code) {
                    return Err(StoreError::Refusal(why));
                }
            }
            // The facts may have changed since the proposal: the approval
            // is held to the same rules.
            Step::Approve { .. } => {
                if let Some(d) = case
                    .review
                    .decision
                    .as_ref()
                    .filter(|d| d.approved_by.is_none())
                {
                    let checks = self.evaluate(&case, &rules.policy, today)?;
                    // A stored code is one of today's (older stores wrote the same codes).
                    let code = ReasonCode::from_code(&d.reason_code).unwrap_or(ReasonCode::Other);
                    if let Some(why) = decision::refusal(&case, &checks, d.grant, code) {
                        return Err(StoreError::Refusal(why));
                    }
                }
            }
            Step::ReviewFile { standard, .. } => {
                *standard = self.standard_of(&case, &rules.policy, today);
            }
            Step::Pay {
                priced,
                cross_region,
                ..
            } => {
                *priced = Some(self.price(&case, &rules.policy, *cross_region, today)?);
            }
            Step::Score { rules: given, .. } => {
                let day = case.steps.file_submitted.unwrap_or(today);
                let percents = rules
                    .policy
                    .rates_on(day)
                    .map_or([100; 4], |t| t.grade_percent);
                *given = Some((rules.policy.quality.clone(), percents));
            }
            Step::Assign { provider, reason } => {
                self.check_assignable(&case, provider, reason.as_deref())?;
            }
            Step::Reassign { provider, reason } => {
                self.check_assignable(&case, provider, Some(reason))?;
            }
            _ => {}
        }
        let display = match &step {
            Step::Assign { provider, .. } | Step::Reassign { provider, .. } => {
                self.provider(provider)?.map(|p| p.display_name())
            }
            _ => None,
        };
        let ctx = workflow::Ctx {
            who: &actor.user,
            role,
            today,
            self_approval: rules.policy.self_approval,
        };
        // A step entered after the day it is dated keeps both (the event's
        // time is when it was entered, in the server's zone).
        let entered = actor.at.with_timezone(&chrono::Local).date_naive();
        self.change_case(actor, no, expected, |c| {
            let (mut next, mut changes) =
                workflow::apply(c, &step, &ctx).map_err(StoreError::Refusal)?;
            if let Some(name) = display.clone() {
                next.provider = Some(name);
            }
            if today < entered
                && let Some(Change::Taken { backdated, .. }) = changes.first_mut()
            {
                *backdated = Some(crate::domain::event::Backdated {
                    dated: today,
                    entered,
                });
            }
            *c = next;
            Ok(((), changes))
        })
    }

    /// A provider may take the case unless a hard rule excludes them (Law
    /// Art. 26, rules 2023 Art. 26, a conflict, an inactive provider): no
    /// reason passes over those. Another than the first ranked (a
    /// preference: specialty, load) needs the caseworker's reason.
    fn check_assignable(&self, case: &Case, id: &str, reason: Option<&str>) -> Result<()> {
        let providers = self.providers()?;
        let clients = self.past_clients(case, &providers)?;
        let load = |pid: &str| self.provider_load(pid) as u32;
        let ranked = provider::rank(case, &providers, &load, &clients);
        let refused = |why: Why| StoreError::Refusal(why.into());
        let pick = ranked
            .iter()
            .find(|r| r.provider.id == id)
            .ok_or_else(|| refused(Why::NoProvider { id: id.to_string() }))?;
        let hard: Vec<_> = pick
            .excluded
            .iter()
            .filter(|e| e.is_hard())
            .cloned()
            .collect();
        if !hard.is_empty() {
            return Err(refused(Why::ProviderExcluded {
                name: pick.provider.name.clone(),
                id: id.to_string(),
                case: case.no,
                exclusions: hard,
            }));
        }
        let given = reason.is_some_and(|r| !r.trim().is_empty());
        if let Some(first) = ranked.first()
            && first.provider.id != id
            && !given
        {
            let (id, case, first) = (id.to_string(), case.no, first.provider.id.clone());
            return Err(refused(if pick.excluded.is_empty() {
                Why::NotFirstRanked { id, case, first }
            } else {
                Why::NotFirstRankedFull {
                    id,
                    case,
                    first,
                    exclusions: pick.excluded.clone(),
                }
            }));
        }
        Ok(())
    }
}
