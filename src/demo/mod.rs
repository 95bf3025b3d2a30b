//! Synthetic but realistic cases for trying docket and for benchmarks.
//!
//! [`cases`] lazily yields import records ([`CaseRecord`]) that all pass
//! `CaseRecord::validate`. Everything is drawn from one seeded ChaCha8
//! generator, so the same `(count, seed, today)` always gives the same
//! records. Cases come in order of their received date.
//!
//! How a case is made: a received date (spread over the two years before
//! `today`, with extra weight on the last three weeks for small data sets), a
//! kind, a matter and a channel, an applicant, and then the case's life is
//! simulated step by step (documents, decision, assignment, agreement,
//! conclusion, file, archive) and cut off at `today`: the last step reached
//! gives the status. Steps almost always meet their deadlines; a few recent
//! ones are late so that the deadline pane has something to show.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::areas::AREAS;
use crate::domain::case::{Assignment, Handling};
use crate::domain::codes::{Channel, Group, Kind, Matter, Status};
use crate::domain::idnumber;
use crate::domain::provider::{Provider, ProviderKind};
use crate::domain::record::{ApplicantRecord, CaseRecord, DeadlineRecord};

mod applicant;
mod dates;
mod facts;
mod life;
pub mod replay;
mod words;
use dates::*;
use words::*;

/// The providers (法律援助人员) demo cases are assigned to.
pub const PROVIDERS: &[&str] = &[
    "刘建国（湖南金州律师事务所）",
    "王海涛（湖南金州律师事务所）",
    "李娟（湖南金州律师事务所）",
    "张志强（湖南炎帝律师事务所）",
    "谭丽（湖南炎帝律师事务所）",
    "彭勇（湖南建业律师事务所）",
    "罗晓燕（湖南建业律师事务所）",
    "贺文军（湖南湘东律师事务所）",
    "易红梅（湖南湘东律师事务所）",
    "黄斌（湖南石峰律师事务所）",
    "曾琳（湖南石峰律师事务所）",
    "欧阳俊（湖南天易律师事务所）",
    "廖静（湖南天易律师事务所）",
    "周敏（石峰区法律援助中心）",
    "邓辉（石峰区法律援助中心）",
    "陈芳（石峰区法律服务所）",
    "唐建华（石峰区法律服务所）",
    "肖萍（清水塘法律服务所）",
    "蒋刚（田心法律服务所）",
    "赵磊（响石岭司法所）",
    "胡桂英（井龙司法所）",
    "许伟（铜塘湾司法所）",
    "龙艳（清水塘司法所）",
    "朱小雨（法律援助志愿者）",
    "孙浩（法律援助志愿者）",
];

/// The id of a demo provider: P-0001 for the first of [`PROVIDERS`].
pub fn provider_id(display: &str) -> String {
    let i = PROVIDERS.iter().position(|p| *p == display).unwrap_or(0);
    format!("P-{:04}", i + 1)
}

/// The demo providers as records: specialties follow the institution.
pub fn providers() -> Vec<Provider> {
    PROVIDERS
        .iter()
        .enumerate()
        .map(|(i, display)| {
            let (name, org) = display
                .trim_end_matches('）')
                .split_once('（')
                .unwrap_or((display, ""));
            let (kind, kinds, years) = if org.contains("律师事务所") {
                let criminal = i % 3 == 0;
                let kinds = if criminal {
                    vec![Kind::Criminal, Kind::Civil]
                } else {
                    vec![Kind::Civil, Kind::LaborArbitration, Kind::Administrative]
                };
                (
                    ProviderKind::Lawyer,
                    kinds,
                    if criminal {
                        4 + i as u32 % 9
                    } else {
                        i as u32 % 3
                    },
                )
            } else if org.contains("法律服务所") {
                (
                    ProviderKind::LegalServiceWorker,
                    vec![Kind::Civil, Kind::NonLitigation],
                    0,
                )
            } else if org.contains("司法所") {
                (
                    ProviderKind::JudicialOfficer,
                    vec![Kind::Civil, Kind::LaborArbitration],
                    0,
                )
            } else if org.contains("援助中心") {
                (
                    ProviderKind::CenterStaff,
                    vec![Kind::Civil, Kind::StateCompensation],
                    0,
                )
            } else {
                (ProviderKind::Volunteer, vec![Kind::Civil], 0)
            };
            Provider {
                id: format!("P-{:04}", i + 1),
                name: name.to_string(),
                organization: org.to_string(),
                kind,
                kinds,
                matters: Vec::new(),
                criminal_defense_years: years,
                juvenile: i % 4 == 1,
                capacity: 40,
                active: i != PROVIDERS.len() - 1,
                phone: None,
            }
        })
        .collect()
}

/// The provider drawn for a case, or, when a rule of law excludes them
/// (`provider::rule_exclusions`: Law Art. 26, a lawyer for a defence, rules
/// 2023 Art. 26, an inactive provider), the next one in the list who may
/// take it: the demo never shows an assignment the store would refuse.
fn lawful_provider(
    drawn: &'static str,
    i: usize,
    serious: bool,
    minor: bool,
    matter: Matter,
) -> &'static str {
    use crate::domain::provider::{is_defence, rule_exclusions};
    let records = demo_providers();
    let may = |p: &Provider| rule_exclusions(p, serious, minor, is_defence(matter)).is_empty();
    let at = PROVIDERS.iter().position(|p| *p == drawn).unwrap_or(0);
    if records.get(at).is_some_and(may) {
        return drawn;
    }
    (0..PROVIDERS.len())
        .map(|k| (i + k) % PROVIDERS.len())
        .find(|&k| records.get(k).is_some_and(may))
        .map_or(drawn, |k| PROVIDERS[k])
}

/// The demo providers, built once.
fn demo_providers() -> &'static [Provider] {
    static RECORDS: std::sync::OnceLock<Vec<Provider>> = std::sync::OnceLock::new();
    RECORDS.get_or_init(providers)
}

/// The caseworkers (OS user names) who hold demo cases.
pub const CASEWORKERS: &[&str] = &["liwei", "zhangmin", "wangfang", "chenjing"];

/// `count` cases, deterministic for (count, seed, today). Received dates
/// spread over the ~2 years before `today`, newest cases mostly still open,
/// older ones mostly archived.
pub fn cases(count: usize, seed: u64, today: NaiveDate) -> impl Iterator<Item = CaseRecord> {
    let mut g = Generator::new(count, seed, today);
    (0..count).map(move |i| g.case(i))
}

// ---------------------------------------------------------------------------
// Tables

/// The center's own district: most applicants live and are registered here.
const HOME_AREA: &str = crate::domain::policy::DEFAULT_AREA_CODE;

// ---------------------------------------------------------------------------
// Shape of the data set

/// Span of received dates, in weeks of five working days.
const WEEKS: u32 = 104;
/// The "recent" window, in working days (about three weeks).
const RECENT_DAYS: f64 = 15.0;
/// Small data sets put this many cases (at most a fifth) into the recent window,
/// so that a demo of a few hundred cases still has an intake queue.
const RECENT_EXTRA: f64 = 40.0;
/// Cases received in the last 60 days are "near": only they can be late.
const NEAR_DAYS: i64 = 60;
/// Roughly how many near cases get a late step (tuned so that a handful of
/// deadlines are overdue, whatever the count).
const LATE_TARGET: f64 = 24.0;
/// Roughly how many matter deadlines fall within 7 days (emergency flag).
const SOON_TARGET: f64 = 40.0;

/// The kind of applicant a case needs, driving age, gender and groups.
#[derive(Clone, Copy, PartialEq)]
enum Sex {
    Male,
    Female,
}

struct Person {
    name: String,
    surname: &'static str,
    sex: Sex,
    birth: NaiveDate,
    age: u32,
}

/// The simulated life of a case, cut off at `today`.
struct Life {
    status: Status,
    documents_requested: Option<NaiveDate>,
    documents_due: Option<NaiveDate>,
    documents_received: Option<NaiveDate>,
    decided: Option<NaiveDate>,
    assigned: Option<NaiveDate>,
    agreement_signed: Option<NaiveDate>,
    concluded: Option<NaiveDate>,
    file_submitted: Option<NaiveDate>,
    file_reviewed: Option<NaiveDate>,
    archived: Option<NaiveDate>,
    objection_filed: Option<NaiveDate>,
    objection_decided: Option<NaiveDate>,
    outcome: Option<&'static str>,
}

impl Life {
    fn new() -> Life {
        Life {
            status: Status::Received,
            documents_requested: None,
            documents_due: None,
            documents_received: None,
            decided: None,
            assigned: None,
            agreement_signed: None,
            concluded: None,
            file_submitted: None,
            file_reviewed: None,
            archived: None,
            objection_filed: None,
            objection_decided: None,
            outcome: None,
        }
    }
}

/// Area codes for ID numbers, by distance from the center.
struct AreaPools {
    zhuzhou: Vec<&'static str>,
    hunan: Vec<&'static str>,
    elsewhere: Vec<&'static str>,
}

impl AreaPools {
    fn new() -> AreaPools {
        let pool = |keep: fn(&str) -> bool| -> Vec<&'static str> {
            let v: Vec<&'static str> = AREAS.iter().map(|a| a.code).filter(|c| keep(c)).collect();
            if v.is_empty() { vec![HOME_AREA] } else { v }
        };
        AreaPools {
            zhuzhou: pool(|c| c.starts_with("4302") && c != HOME_AREA),
            hunan: pool(|c| c.starts_with("43") && !c.starts_with("4302")),
            elsewhere: pool(|c| !c.starts_with("43")),
        }
    }
}

struct Generator {
    rng: ChaCha8Rng,
    /// A second stream for the facts added later (the kinds, channel and
    /// groups of the national report tables), so that what the first stream
    /// draws for a seed stays as it was.
    extra: ChaCha8Rng,
    today: NaiveDate,
    count: usize,
    intake: Intake,
    /// First received date that counts as "near" today.
    near_from: NaiveDate,
    p_late: f64,
    p_soon: f64,
    matters: Vec<(Kind, Vec<(Matter, u32)>)>,
    areas: AreaPools,
    /// Providers who may take criminal cases (lawyers).
    lawyers: Vec<&'static str>,
    /// Recent applicants' names, reused now and then as an adverse party so
    /// that conflict checks find something.
    names: Vec<String>,
}

impl Generator {
    fn new(count: usize, seed: u64, today: NaiveDate) -> Generator {
        let intake = Intake::new(count, today);
        let near = (count as f64 * intake.share_of_last(NEAR_DAYS as f64 * 5.0 / 7.0)).max(1.0);
        let matters = Kind::ALL
            .iter()
            .map(|&k| {
                let ms = Matter::for_kind(k);
                (k, ms.into_iter().map(|m| (m, matter_weight(m))).collect())
            })
            .collect();
        let lawyers = PROVIDERS
            .iter()
            .copied()
            .filter(|p| p.contains("律师事务所") || p.contains("法律援助中心"))
            .collect();
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            extra: ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_0017),
            today,
            count,
            intake,
            near_from: today - Days::new(NEAR_DAYS as u64),
            p_late: (LATE_TARGET / near).min(0.15),
            p_soon: (SOON_TARGET / near).min(0.3),
            matters,
            areas: AreaPools::new(),
            lawyers,
            names: Vec::with_capacity(NAME_MEMORY),
        }
    }

    fn case(&mut self, i: usize) -> CaseRecord {
        let q = (i as f64 + self.rng.random::<f64>()) / self.count.max(1) as f64;
        let received = self.intake.date_at(q);
        let kind = self.weighted(KINDS);
        let matter = self.matter(kind);
        let channel = self.channel(matter);
        let station = (channel == Channel::Workstation).then(|| self.station(matter).to_string());
        let person = self.person(matter, received);
        let applicant = self.applicant(&person, matter, channel, received);
        let life = self.life(kind, matter, channel, received);
        // About one defence in seventeen may bring a life or death
        // sentence (decided without the generator, so that the rest of a
        // seed's demo stays as it was).
        let serious = matter == Matter::Defense && i.is_multiple_of(17);
        let provider = life.assigned.map(|_| {
            let drawn = self.provider(kind);
            lawful_provider(drawn, i, serious, person.age < 18, matter).to_string()
        });
        let adverse_party = self.adverse_party(matter, &person);
        let summary = self.summary(matter, channel, &person, adverse_party.as_deref());
        let deadlines = self.deadlines(kind, &life);
        let caseworker = Some(self.pick(CASEWORKERS).to_string());
        self.remember(i, person.name);
        let handling = match (&provider, life.assigned) {
            (Some(p), Some(on)) => Handling {
                assignments: vec![Assignment {
                    provider: provider_id(p),
                    on,
                    by: caseworker.clone().unwrap_or_default(),
                    reason: None,
                }],
                ..Handling::default()
            },
            _ => Handling::default(),
        };

        let d = |d: Option<NaiveDate>| d.map(ymd);
        // Drawn last, so that the rest of a seed's demo stays as it was.
        let (kind, channel) = self.rarer(kind, matter, channel);
        let criminal = (kind == Kind::Criminal)
            .then(|| self.criminal(matter, channel, serious, person.age))
            .flatten();
        let result = life.concluded.map(|_| {
            self.result(
                kind,
                matter,
                applicant.groups.iter().any(|g| g == "migrant_worker"),
            )
        });
        let life = CaseRecord {
            case_no: None,
            received: ymd(received),
            kind: kind.code().into(),
            matter: matter.code().into(),
            channel: channel.code().into(),
            station,
            applicant,
            adverse_party,
            summary: Some(summary),
            status: Some(life.status.code().into()),
            documents_requested: d(life.documents_requested),
            documents_due: d(life.documents_due),
            documents_received: d(life.documents_received),
            decided: d(life.decided),
            assigned: d(life.assigned),
            provider,
            agreement_signed: d(life.agreement_signed),
            concluded: d(life.concluded),
            file_submitted: d(life.file_submitted),
            file_reviewed: d(life.file_reviewed),
            archived: d(life.archived),
            objection_filed: d(life.objection_filed),
            objection_decided: d(life.objection_decided),
            outcome: life.outcome.map(str::to_string),
            caseworker,
            deadlines,
            flags: Default::default(),
            closing_reason: None,
            notes: Vec::new(),
            review: Default::default(),
            handling,
            serious,
            result,
            criminal,
            history: Vec::new(),
        };
        self.procedure(life)
    }

    /// The life taken step by step through the procedure
    /// (`workflow::apply`, `replay.rs`): the record of the case it made,
    /// with the decision, the assignment, the closing and the subsidy as
    /// the steps record them. A step the procedure refused would end the
    /// case where it stood; the tests prove no life is cut so.
    fn procedure(&self, life: CaseRecord) -> CaseRecord {
        let Ok(valid) = life.validate(self.today) else {
            return life;
        };
        let (case, _) = replay::replay(&valid.case);
        CaseRecord {
            case_no: None,
            ..CaseRecord::from_case(&case)
        }
    }

    // --- random helpers --------------------------------------------------

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        weighted(&mut self.rng, table)
    }

    /// Days in `lo..=hi`, skewed towards `lo` (the smaller of two draws).
    fn skewed(&mut self, lo: u32, hi: u32) -> u32 {
        let a = self.rng.random_range(lo..=hi);
        let b = self.rng.random_range(lo..=hi);
        a.min(b)
    }

    /// A step `lo..=hi` days after `from`, on a working day; late steps take
    /// `late_lo..=late_hi` days instead.
    fn after(
        &mut self,
        from: NaiveDate,
        (lo, hi): (u32, u32),
        late: Option<(u32, u32)>,
    ) -> NaiveDate {
        let (lo, hi) = match late {
            Some(range) => range,
            None => (lo, hi),
        };
        workday(from + Days::new(u64::from(self.rng.random_range(lo..=hi))))
    }

    /// The late range if this step of a near case is late.
    fn late(&mut self, near: bool, range: (u32, u32)) -> Option<(u32, u32)> {
        (near && self.chance(self.p_late)).then_some(range)
    }

    fn amount(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo / 100..=hi / 100) * 100
    }

    // --- what the case is about -----------------------------------------

    fn matter(&mut self, kind: Kind) -> Matter {
        match self.matters.iter().find(|(k, _)| *k == kind) {
            Some((_, table)) if !table.is_empty() => weighted(&mut self.rng, table),
            _ => Matter::Other,
        }
    }

    fn channel(&mut self, matter: Matter) -> Channel {
        match matter {
            Matter::Defense => self.weighted(DEFENSE_CHANNELS),
            Matter::Victim | Matter::CompulsoryTreatment => self.weighted(CRIMINAL_CHANNELS),
            _ => self.weighted(CIVIL_CHANNELS),
        }
    }

    fn station(&mut self, matter: Matter) -> &'static str {
        match matter {
            Matter::Wages | Matter::LaborRelation | Matter::WorkInjury => self.pick(LABOR_STATIONS),
            Matter::Support | Matter::Marriage | Matter::DomesticViolence => {
                self.pick(FAMILY_STATIONS)
            }
            Matter::Defense => self.pick(CRIMINAL_STATIONS),
            _ => self.pick(LOCAL_STATIONS),
        }
    }

    fn provider(&mut self, kind: Kind) -> &'static str {
        if kind == Kind::Criminal && !self.lawyers.is_empty() {
            let i = self.rng.random_range(0..self.lawyers.len());
            self.lawyers[i]
        } else {
            self.pick(PROVIDERS)
        }
    }

    // --- the other side and the story ------------------------------------

    fn company(&mut self, industries: &[&str]) -> String {
        let place = self.pick(COMPANY_PLACES);
        let trade = self.pick(TRADE_NAMES);
        let industry = self.pick(industries);
        let form = if self.chance(0.8) {
            "有限公司"
        } else {
            "有限责任公司"
        };
        format!("{place}{trade}{industry}{form}")
    }

    /// A person on the other side: now and then an earlier applicant.
    fn other_person(&mut self, sex: Sex, p_known: f64) -> String {
        if !self.names.is_empty() && self.chance(p_known) {
            let i = self.rng.random_range(0..self.names.len());
            return self.names[i].clone();
        }
        self.name(sex)
    }

    fn adverse_party(&mut self, matter: Matter, person: &Person) -> Option<String> {
        let opposite = match person.sex {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        };
        let party = match matter {
            Matter::Defense | Matter::CompulsoryTreatment | Matter::Incapacity => return None,
            Matter::Other if self.chance(0.5) => return None,
            Matter::Victim => self.other_person(Sex::Male, 0.1),
            Matter::Wages | Matter::LaborRelation | Matter::WorkInjury => {
                if matter == Matter::Wages && self.chance(0.2) {
                    self.other_person(Sex::Male, 0.03) // a labour contractor (包工头)
                } else {
                    self.company(INDUSTRIES)
                }
            }
            Matter::TrafficAccident => {
                if self.chance(0.4) {
                    self.pick(INSURERS).to_string()
                } else {
                    let sex = if self.chance(0.7) {
                        Sex::Male
                    } else {
                        Sex::Female
                    };
                    self.other_person(sex, 0.03)
                }
            }
            Matter::MedicalAccident => self.pick(HOSPITALS).to_string(),
            Matter::FoodDrug => self.company(&["餐饮管理", "食品", "医药"]),
            Matter::Environment => self.company(POLLUTERS),
            // A child sues the father; old parents sue their children, who
            // carry the father's surname; spouses sue each other.
            Matter::Support if person.age < 18 => self.name_in(person.surname, Sex::Male),
            Matter::Support if person.age >= 60 => {
                let sex = if self.chance(0.6) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                match person.sex {
                    Sex::Male => self.name_in(person.surname, sex),
                    Sex::Female => self.name(sex),
                }
            }
            Matter::Support => self.other_person(opposite, 0.03),
            Matter::Marriage | Matter::DomesticViolence => self.other_person(opposite, 0.03),
            Matter::SocialInsurance | Matter::Pension => {
                if self.chance(0.5) {
                    self.pick(SOCIAL_AGENCIES).to_string()
                } else {
                    self.company(INDUSTRIES)
                }
            }
            Matter::StateCompensation => self.pick(STATE_ORGANS).to_string(),
            Matter::Other => self.other_person(Sex::Male, 0.03),
        };
        Some(party)
    }

    fn summary(
        &mut self,
        matter: Matter,
        channel: Channel,
        person: &Person,
        adverse: Option<&str>,
    ) -> String {
        let other = adverse.unwrap_or("对方");
        match matter {
            Matter::Defense => {
                let crime = self.pick(CRIMES);
                let who = if person.age < 18 {
                    "未成年犯罪嫌疑人"
                } else if self.chance(0.5) {
                    "犯罪嫌疑人"
                } else {
                    "被告人"
                };
                if channel == Channel::Notified {
                    let notifier = self.pick(NOTIFIERS);
                    format!("{notifier}通知辩护：{who}涉嫌{crime}。")
                } else {
                    format!("{who}涉嫌{crime}，家庭经济困难，其近亲属申请法律援助。")
                }
            }
            Matter::Victim => {
                let harm = self.pick(HARMS);
                format!("申请人被{other}{harm}，申请刑事附带民事诉讼代理。")
            }
            Matter::CompulsoryTreatment => {
                "被申请人患精神疾病，检察院申请强制医疗，需指派诉讼代理人。".to_string()
            }
            Matter::StateCompensation => {
                if self.chance(0.5) {
                    let days = self.rng.random_range(30..=700u32);
                    format!("申请人被羁押{days}日后经再审宣告无罪，申请国家赔偿。")
                } else {
                    "申请人财产被违法查封扣押，申请国家赔偿。".to_string()
                }
            }
            Matter::SocialInsurance => {
                if self.chance(0.6) {
                    let years = self.rng.random_range(2..=15u32);
                    format!("用人单位{years}年未为申请人缴纳社会保险，申请补缴并赔偿损失。")
                } else {
                    "申请人的最低生活保障金被停发，要求恢复发放。".to_string()
                }
            }
            Matter::Pension => "申请人的近亲属因公牺牲，申请领取遗属抚恤金被拒。".to_string(),
            Matter::Support => {
                if person.age < 18 {
                    let months = self.rng.random_range(3..=36u32);
                    format!("申请人父母离婚后，{other}拒付抚养费，已拖欠{months}个月。")
                } else if person.age >= 60 {
                    format!("申请人年老多病，无固定收入，子女{other}拒绝支付赡养费。")
                } else {
                    "申请人患病丧失劳动能力，配偶拒绝履行扶养义务。".to_string()
                }
            }
            Matter::LaborRelation => {
                let (place, years) = (self.pick(WORKPLACES), self.rng.random_range(1..=10u32));
                format!("申请人在{place}工作{years}年未签劳动合同，单位否认存在劳动关系。")
            }
            Matter::Wages => {
                let (place, amount) = (self.pick(WORKPLACES), self.amount(2_000, 60_000));
                format!("申请人在{place}务工，被拖欠工资约{amount}元。")
            }
            Matter::WorkInjury => {
                let (place, injury) = (self.pick(WORKPLACES), self.pick(INJURIES));
                format!("申请人在{place}工作时{injury}，单位拒绝申报工伤。")
            }
            Matter::TrafficAccident => {
                let (vehicle, injury) = (self.pick(VEHICLES), self.pick(TRAFFIC_INJURIES));
                format!("申请人骑电动车被{vehicle}撞伤，{injury}，协商赔偿未果。")
            }
            Matter::MedicalAccident => {
                format!("申请人在{other}手术后出现严重并发症，认为医院存在过错。")
            }
            Matter::FoodDrug => {
                let food = self.pick(FOODS);
                format!("申请人食用{food}后中毒住院，要求经营者赔偿。")
            }
            Matter::Environment => {
                let amount = self.amount(5_000, 200_000);
                format!("附近工厂排放废水致申请人鱼塘鱼苗大量死亡，损失约{amount}元。")
            }
            Matter::Incapacity => {
                let relative = self.pick(RELATIVES);
                format!("申请人之{relative}患精神疾病，申请认定其为无民事行为能力人。")
            }
            Matter::DomesticViolence => {
                let years = self.rng.random_range(1..=20u32);
                format!("申请人长期遭受配偶殴打已{years}年，申请人身安全保护令并要求离婚。")
            }
            Matter::Marriage => {
                if self.chance(0.5) {
                    "申请人与配偶感情破裂，要求离婚并分割夫妻共同财产。".to_string()
                } else {
                    "申请人离婚后子女抚养权及共同财产分割发生纠纷。".to_string()
                }
            }
            Matter::Other => {
                let amount = self.amount(3_000, 80_000);
                format!("申请人因民间借贷纠纷被拖欠借款{amount}元，申请法律援助。")
            }
        }
    }

    fn remember(&mut self, i: usize, name: String) {
        if self.names.len() < NAME_MEMORY {
            self.names.push(name);
        } else {
            self.names[i % NAME_MEMORY] = name;
        }
    }
}

/// How many earlier applicants' names are kept for reuse as adverse parties.
const NAME_MEMORY: usize = 256;

/// An item of a non-empty table of (item, weight).
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for &(item, w) in table {
        if x < w {
            return item;
        }
        x -= w;
    }
    table[table.len() - 1].0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("a real date")
    }

    #[test]
    fn the_same_seed_gives_the_same_cases() {
        let a: Vec<CaseRecord> = cases(500, 7, today()).collect();
        let b: Vec<CaseRecord> = cases(500, 7, today()).collect();
        assert_eq!(a, b);
        let c: Vec<CaseRecord> = cases(500, 8, today()).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(1930, 1, 1).expect("a real date");
        while d.year() < 2100 {
            assert_eq!(ymd(d), d.to_string());
            d = d + Days::new(13);
        }
    }

    #[test]
    fn every_case_is_valid() {
        for seed in [1, 2, 42] {
            for (i, r) in cases(5_000, seed, today()).enumerate() {
                if let Err(errors) = r.validate(today()) {
                    panic!("seed {seed}, case {i}: {}\n{r:#?}", errors[0]);
                }
            }
        }
        // A tiny set and a today on a weekend are fine too.
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a real date");
        for r in cases(30, 3, sunday) {
            assert!(r.validate(sunday).is_ok(), "{r:#?}");
        }
    }

    #[test]
    fn steps_are_in_order_and_fit_the_status() {
        for r in cases(5_000, 5, today()) {
            let v = r.validate(today()).expect("valid");
            let c = &v.case;
            let s = &c.steps;
            let chain = [
                Some(c.received),
                s.documents_requested,
                s.documents_received,
                s.decided,
                s.assigned,
                s.agreement_signed,
                s.concluded,
                s.file_submitted,
                s.file_reviewed,
                s.archived,
            ];
            let dates: Vec<NaiveDate> = chain.iter().flatten().copied().collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{r:#?}");
            let has = |d: Option<NaiveDate>| d.is_some();
            match c.status {
                Status::Received => assert!(!has(s.decided)),
                Status::AwaitingDocuments => {
                    assert!(has(s.documents_due) && !has(s.documents_received))
                }
                Status::Granted => assert!(has(s.decided) && !has(s.assigned)),
                Status::Denied => assert!(has(s.decided) && c.provider.is_none()),
                Status::Assigned => assert!(has(s.assigned) && c.provider.is_some()),
                Status::Concluded => assert!(has(s.concluded) && c.outcome.is_some()),
                Status::Archived => assert!(has(s.archived) && has(s.file_reviewed)),
                // The ground in words (Art. 48), as the procedure records it.
                Status::Terminated => {
                    assert!(has(s.assigned) && c.closing_reason.is_some())
                }
                Status::Withdrawn => assert!(!has(s.decided)),
            }
            if c.channel == Channel::Notified {
                assert_eq!(c.matter, Matter::Defense);
            }
            if c.channel == Channel::Workstation {
                assert!(c.station.is_some());
            }
        }
    }

    #[test]
    fn every_code_appears() {
        let all: Vec<CaseRecord> = cases(5_000, 11, today()).collect();
        let seen = |f: fn(&CaseRecord) -> &str| -> HashSet<String> {
            all.iter().map(|r| f(r).to_string()).collect()
        };
        assert_eq!(seen(|r| &r.kind).len(), Kind::ALL.len());
        assert_eq!(seen(|r| &r.matter).len(), Matter::ALL.len());
        assert_eq!(seen(|r| &r.channel).len(), Channel::ALL.len());
        assert_eq!(
            seen(|r| r.status.as_deref().unwrap_or("")).len(),
            Status::ALL.len()
        );
        let groups: HashSet<&str> = all
            .iter()
            .flat_map(|r| r.applicant.groups.iter().map(String::as_str))
            .collect();
        assert_eq!(groups.len(), Group::ALL.len(), "{groups:?}");
    }

    #[test]
    fn groups_match_the_age() {
        for r in cases(5_000, 9, today()) {
            let v = r.validate(today()).expect("valid");
            let a = &v.case.applicant;
            let Some(birth) = a.birth_date else { continue };
            let age = v.case.received.years_since(birth).unwrap_or(0);
            assert!((10..=85).contains(&age), "{r:#?}");
            assert_eq!(a.groups.contains(&Group::Minor), age < 18, "{r:#?}");
            assert_eq!(a.groups.contains(&Group::Elderly), age >= 60, "{r:#?}");
        }
    }

    /// Overdue procedure deadlines (calendar days), open matter deadlines
    /// in the past and matter deadlines within 7 days.
    fn attention(records: impl Iterator<Item = CaseRecord>, today: NaiveDate) -> [usize; 4] {
        let mut overdue = 0;
        let mut soon = 0;
        let mut open = 0;
        let mut archived = 0;
        let late = |d: Option<NaiveDate>, days: u64| d.is_some_and(|d| d + Days::new(days) < today);
        for r in records {
            let c = r.validate(today).expect("valid").case;
            let s = &c.steps;
            if c.status == Status::Archived {
                archived += 1;
            }
            if !c.status.is_closed() {
                open += 1;
            }
            let pause = match (s.documents_requested, s.documents_received) {
                (Some(a), Some(b)) => (b - a).num_days() as u64,
                (Some(a), None) => (today - a).num_days() as u64,
                _ => 0,
            };
            let is_late = match c.status {
                Status::Received | Status::AwaitingDocuments => {
                    late(Some(c.received), 7 + pause) || late(s.documents_due, 0)
                }
                Status::Granted => late(s.decided, 3),
                Status::Assigned => s.agreement_signed.is_none() && late(s.assigned, 5),
                Status::Concluded => match s.file_submitted {
                    None => late(s.concluded, 30),
                    Some(_) => s.file_reviewed.is_none() && late(s.file_submitted, 30),
                },
                Status::Denied => s.objection_decided.is_none() && late(s.objection_filed, 5),
                _ => false,
            };
            overdue += usize::from(is_late);
            for d in c.deadlines.iter().filter(|d| d.done.is_none()) {
                overdue += usize::from(d.date < today);
                soon += usize::from(d.date >= today && (d.date - today).num_days() < 7);
            }
        }
        [overdue, soon, open, archived]
    }

    #[test]
    fn a_handful_need_attention() {
        for (count, seed) in [(200, 1), (200, 2), (5_000, 3)] {
            let [overdue, soon, open, archived] = attention(cases(count, seed, today()), today());
            eprintln!(
                "{count} cases: {overdue} overdue, {soon} due soon, {open} open, {archived} archived"
            );
            assert!(
                overdue <= 30 && soon <= 40,
                "{count} cases: {overdue} overdue, {soon} soon"
            );
            assert!(open >= 10, "{count} cases: only {open} open");
        }
    }

    /// `cargo test --release demo::tests::speed -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn speed() {
        let n = 1_000_000;
        let start = std::time::Instant::now();
        let bytes: usize = cases(n, 1, today())
            .map(|r| r.summary.map_or(0, |s| s.len()))
            .sum();
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{n} cases in {secs:.2}s: {:.0}/s ({bytes})",
            n as f64 / secs
        );
        let [overdue, soon, open, archived] = attention(cases(n, 1, today()), today());
        eprintln!(
            "{n} cases: {overdue} overdue, {soon} due soon, {open} open, {archived} archived"
        );
    }
}
