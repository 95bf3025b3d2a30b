//! The registration form (申请登记): its fields, live validation, what a
//! valid ID number derives (birth date, gender, age, the groups that
//! follow), the emergency a near matter deadline makes, the matters a kind
//! allows, the record it registers, and the draft it leaves in the store.
//! Pure: "today" and the user are passed in; `update` drives it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::case::Applicant;
use crate::domain::codes::{Channel, Group, Kind, Matter, NoticeGround, ProceedingStage, Source};
use crate::domain::deadlines;
use crate::domain::idnumber::{Gender, IdError, IdNumber};
use crate::domain::record::{
    ApplicantRecord, CaseRecord, DeadlineRecord, FieldError, parse_date, valid_phone,
};
use crate::domain::search;

use super::field::TextField;

/// The fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    Name,
    IdNumber,
    Phone,
    Address,
    Groups,
    Kind,
    Matter,
    Channel,
    Station,
    AdverseParty,
    Summary,
    DeadlineKind,
    DeadlineDate,
    /// A notified criminal case's stage and ground (T5).
    Stage,
    Ground,
    /// How a criminal application came (T5).
    Source,
}

impl FieldId {
    pub const ALL: [FieldId; 16] = [
        FieldId::Name,
        FieldId::IdNumber,
        FieldId::Phone,
        FieldId::Address,
        FieldId::Groups,
        FieldId::Kind,
        FieldId::Matter,
        FieldId::Channel,
        FieldId::Station,
        FieldId::Stage,
        FieldId::Ground,
        FieldId::Source,
        FieldId::AdverseParty,
        FieldId::Summary,
        FieldId::DeadlineKind,
        FieldId::DeadlineDate,
    ];

    /// The catalog word is `tui.field.CODE`.
    pub fn code(self) -> &'static str {
        match self {
            FieldId::Name => "name",
            FieldId::IdNumber => "id_number",
            FieldId::Phone => "phone",
            FieldId::Address => "address",
            FieldId::Groups => "groups",
            FieldId::Kind => "kind",
            FieldId::Matter => "matter",
            FieldId::Channel => "channel",
            FieldId::Station => "station",
            FieldId::AdverseParty => "adverse_party",
            FieldId::Summary => "summary",
            FieldId::DeadlineKind => "deadline_kind",
            FieldId::DeadlineDate => "deadline_date",
            FieldId::Stage => "criminal_stage",
            FieldId::Ground => "criminal_ground",
            FieldId::Source => "criminal_source",
        }
    }

    /// Typed text, rather than a choice.
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FieldId::Groups
                | FieldId::Kind
                | FieldId::Matter
                | FieldId::Channel
                | FieldId::DeadlineKind
                | FieldId::Stage
                | FieldId::Ground
                | FieldId::Source
        )
    }

    /// The field a problem of the interchange record belongs to.
    fn of_record(field: &str) -> Option<FieldId> {
        Some(match field {
            "applicant.name" => FieldId::Name,
            "applicant.id_number" | "applicant.gender" | "applicant.birth_date" => {
                FieldId::IdNumber
            }
            "applicant.phone" => FieldId::Phone,
            "applicant.address" => FieldId::Address,
            f if f.starts_with("applicant.groups") => FieldId::Groups,
            "kind" => FieldId::Kind,
            "matter" => FieldId::Matter,
            "channel" => FieldId::Channel,
            "station" => FieldId::Station,
            "criminal" | "criminal.stage" => FieldId::Stage,
            "criminal.ground" => FieldId::Ground,
            "criminal.source" => FieldId::Source,
            "adverse_party" => FieldId::AdverseParty,
            "summary" => FieldId::Summary,
            f if f.ends_with(".label") => FieldId::DeadlineKind,
            f if f.starts_with("deadlines") => FieldId::DeadlineDate,
            _ => return None,
        })
    }
}

/// What the matter's own deadline is (its label on the case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineLabel {
    /// A limitation period, or a deadline to sue, arbitrate or seek
    /// reconsideration (the Art. 44 emergency deadlines).
    Limitation,
    Hearing,
    Appeal,
}

impl DeadlineLabel {
    pub const ALL: [DeadlineLabel; 3] = [
        DeadlineLabel::Limitation,
        DeadlineLabel::Hearing,
        DeadlineLabel::Appeal,
    ];

    /// The catalog word is `tui.deadline_kind.CODE`.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineLabel::Limitation => "limitation",
            DeadlineLabel::Hearing => "hearing",
            DeadlineLabel::Appeal => "appeal",
        }
    }
}

/// Why a field cannot be registered as it is. The screen words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    Id(IdError),
    Phone,
    /// Not a date of the form YYYY-MM-DD, or not a real date.
    BadDate,
    /// A matter deadline already past.
    Past,
    /// A date was typed but not what it is.
    NeedsLabel,
    /// Found by the record's own validation, worded at the screen.
    Record(crate::domain::refusal::Why),
}

/// A problem and the field it belongs to (None: no field of the form).
pub type Located = (Option<FieldId>, Problem);

/// What a valid ID number tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub gender: Gender,
    pub birth: NaiveDate,
    pub age: u32,
}

/// Age thresholds of the groups an ID number proposes (domain.md: minors;
/// the elderly from 60, as the eligibility checklist counts them).
const ADULT: u32 = 18;
const ELDERLY: u32 = 60;

/// The groups that follow from an age.
pub fn groups_for_age(age: u32) -> Vec<Group> {
    match age {
        a if a < ADULT => vec![Group::Minor],
        a if a >= ELDERLY => vec![Group::Elderly],
        _ => Vec::new(),
    }
}

/// What the workstation field's text names among the workstation records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationPick<'a> {
    /// Nothing typed.
    Empty,
    /// A record's id or name exactly: (id, name).
    Exact(&'a (String, String)),
    /// The first record the text picks (pinyin initials, a part of the
    /// name, the start of the id): Tab takes it.
    Suggest(&'a (String, String)),
    /// No record: saving makes one of this name.
    New,
}

/// Where the form is in saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    Editing,
    /// CheckPerson sent: waiting for duplicates and conflicts.
    Checking,
    /// Register sent: waiting for the case number.
    Saving,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub name: TextField,
    pub id_number: TextField,
    pub phone: TextField,
    pub address: TextField,
    pub station: TextField,
    pub adverse_party: TextField,
    pub summary: TextField,
    pub deadline_date: TextField,
    pub groups: Vec<Group>,
    /// The group the groups field points at (an index of `Group::ALL`).
    pub group_cursor: usize,
    pub kind: Kind,
    pub matter: Matter,
    pub channel: Channel,
    /// A notified criminal case's stage and ground, a criminal
    /// application's source (only where [`Form::applies`]).
    pub stage: Option<ProceedingStage>,
    pub ground: Option<NoticeGround>,
    pub source: Option<Source>,
    pub deadline: Option<DeadlineLabel>,
    pub focus: FieldId,
    /// Groups ticked because of the ID number (untick to decline).
    pub proposed: Vec<Group>,
    /// Proposed groups the caseworker unticked: not proposed again.
    pub declined: Vec<Group>,
    /// Fields left at least once: "required" shows only there.
    pub visited: Vec<FieldId>,
    /// Saving was tried: every problem shows.
    pub tried: bool,
    /// The consultation (day, id) the application comes from: linked to
    /// the case when it is registered.
    pub consultation: Option<(NaiveDate, u64)>,
    /// Letters typed on the focused choice field to jump to a choice.
    pub jump: String,
    /// No choice matches `jump`.
    pub jump_missed: bool,
}

impl Default for Form {
    fn default() -> Form {
        Form::new()
    }
}

impl Form {
    pub fn new() -> Form {
        let kind = Kind::Civil;
        Form {
            name: TextField::new(),
            id_number: TextField::new(),
            phone: TextField::new(),
            address: TextField::new(),
            station: TextField::new(),
            adverse_party: TextField::new(),
            summary: TextField::new(),
            deadline_date: TextField::new(),
            groups: Vec::new(),
            group_cursor: 0,
            kind,
            matter: Matter::for_kind(kind)
                .first()
                .copied()
                .unwrap_or(Matter::Other),
            channel: Channel::WalkIn,
            stage: None,
            ground: None,
            source: None,
            deadline: None,
            focus: FieldId::Name,
            proposed: Vec::new(),
            declined: Vec::new(),
            visited: Vec::new(),
            tried: false,
            consultation: None,
            jump: String::new(),
            jump_missed: false,
        }
    }

    /// Nothing typed or chosen yet (closing it needs no question).
    pub fn is_blank(&self) -> bool {
        let fresh = Form::new();
        self.draft()
            == Draft {
                focus: self.focus,
                group_cursor: self.group_cursor,
                ..fresh.draft()
            }
    }

    pub fn text(&self, f: FieldId) -> Option<&TextField> {
        Some(match f {
            FieldId::Name => &self.name,
            FieldId::IdNumber => &self.id_number,
            FieldId::Phone => &self.phone,
            FieldId::Address => &self.address,
            FieldId::Station => &self.station,
            FieldId::AdverseParty => &self.adverse_party,
            FieldId::Summary => &self.summary,
            FieldId::DeadlineDate => &self.deadline_date,
            _ => return None,
        })
    }

    pub fn text_mut(&mut self, f: FieldId) -> Option<&mut TextField> {
        Some(match f {
            FieldId::Name => &mut self.name,
            FieldId::IdNumber => &mut self.id_number,
            FieldId::Phone => &mut self.phone,
            FieldId::Address => &mut self.address,
            FieldId::Station => &mut self.station,
            FieldId::AdverseParty => &mut self.adverse_party,
            FieldId::Summary => &mut self.summary,
            FieldId::DeadlineDate => &mut self.deadline_date,
            _ => return None,
        })
    }

    /// The focused text field, if the focus is on one.
    pub fn focused_text(&mut self) -> Option<&mut TextField> {
        self.text_mut(self.focus)
    }

    /// What the workstation typed names among `stations` (id, name).
    pub fn station_pick<'a>(&self, stations: &'a [(String, String)]) -> StationPick<'a> {
        let typed = self.station.text().trim();
        if typed.is_empty() {
            return StationPick::Empty;
        }
        if let Some(s) = stations
            .iter()
            .find(|(id, name)| id == typed || name == typed)
        {
            return StationPick::Exact(s);
        }
        let id_starts = |id: &str| id.to_lowercase().starts_with(&typed.to_lowercase());
        match stations
            .iter()
            .find(|(id, name)| search::picks(name, typed) || id_starts(id))
        {
            Some(s) => StationPick::Suggest(s),
            None => StationPick::New,
        }
    }

    /// Tab on the workstation field with a record suggested: the field
    /// takes its name (true), and the focus stays for the next Tab.
    pub fn take_station(&mut self, stations: &[(String, String)]) -> bool {
        if self.focus != FieldId::Station {
            return false;
        }
        let StationPick::Suggest((_, name)) = self.station_pick(stations) else {
            return false;
        };
        self.station = TextField::with_text(name);
        true
    }

    /// Whether a field belongs on the form as it is: the criminal facts
    /// only for a criminal case, the stage and ground of a notification,
    /// the source of an application.
    pub fn applies(&self, f: FieldId) -> bool {
        let criminal = self.kind == Kind::Criminal;
        match f {
            FieldId::Stage | FieldId::Ground => criminal && self.channel == Channel::Notified,
            FieldId::Source => {
                criminal && !matches!(self.channel, Channel::Notified | Channel::Requested)
            }
            _ => true,
        }
    }

    /// The fields the form shows now, in order.
    pub fn fields(&self) -> Vec<FieldId> {
        FieldId::ALL
            .iter()
            .copied()
            .filter(|f| self.applies(*f))
            .collect()
    }

    /// Moves the focus `step` shown fields on (wrapping).
    pub fn move_focus(&mut self, step: isize) {
        if !self.visited.contains(&self.focus) {
            self.visited.push(self.focus);
        }
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len() as isize;
        let i = (at as isize + step).rem_euclid(n);
        self.focus = fields[i as usize];
        self.end_jump();
    }

    fn end_jump(&mut self) {
        self.jump.clear();
        self.jump_missed = false;
    }

    /// The focused choice field's choices as catalog keys (`matter.wages`),
    /// in order, and the index of the one chosen (or pointed at, for the
    /// groups). None on a text field.
    pub fn choices(&self) -> Option<(Vec<String>, usize)> {
        self.choices_of(self.focus)
    }

    /// [`Form::choices`] of any choice field.
    pub fn choices_of(&self, field: FieldId) -> Option<(Vec<String>, usize)> {
        fn keyed<T: Copy + PartialEq>(
            all: &[T],
            now: T,
            key: impl Fn(T) -> String,
        ) -> (Vec<String>, usize) {
            let at = all.iter().position(|x| *x == now).unwrap_or(0);
            (all.iter().map(|x| key(*x)).collect(), at)
        }
        /// Not given, then each code.
        fn optional<T: Copy + PartialEq>(
            all: &[T],
            now: Option<T>,
            key: impl Fn(T) -> String,
        ) -> (Vec<String>, usize) {
            let mut keys = vec!["tui.intake.not_given".to_string()];
            keys.extend(all.iter().map(|x| key(*x)));
            let at = now
                .and_then(|n| all.iter().position(|x| *x == n))
                .map_or(0, |i| i + 1);
            (keys, at)
        }
        Some(match field {
            FieldId::Kind => keyed(Kind::ALL, self.kind, |k| format!("kind.{}", k.code())),
            FieldId::Matter => keyed(&self.matters(), self.matter, |m| {
                format!("matter.{}", m.code())
            }),
            FieldId::Channel => keyed(Channel::ALL, self.channel, |c| {
                format!("channel.{}", c.code())
            }),
            FieldId::DeadlineKind => {
                let mut all = vec![None];
                all.extend(DeadlineLabel::ALL.map(Some));
                keyed(&all, self.deadline, |d| match d {
                    Some(d) => format!("tui.deadline_kind.{}", d.code()),
                    None => "tui.deadline_kind.none".to_string(),
                })
            }
            FieldId::Stage => optional(ProceedingStage::ALL, self.stage, |x| {
                format!("criminal.stage.{}", x.code())
            }),
            FieldId::Ground => optional(NoticeGround::ALL, self.ground, |x| {
                format!("criminal.ground.{}", x.code())
            }),
            FieldId::Source => optional(Source::ALL, self.source, |x| {
                format!("criminal.source.{}", x.code())
            }),
            FieldId::Groups => (
                Group::ALL
                    .iter()
                    .map(|g| format!("group.{}", g.code()))
                    .collect(),
                self.group_cursor,
            ),
            _ => return None,
        })
    }

    /// Takes the `index`th of the focused field's [`Form::choices`] (points
    /// at it, for the groups).
    fn choose(&mut self, index: usize) {
        match self.focus {
            FieldId::Kind => {
                if let Some(k) = Kind::ALL.get(index) {
                    self.set_kind(*k);
                }
            }
            FieldId::Matter => {
                if let Some(m) = self.matters().get(index) {
                    self.matter = *m;
                }
            }
            FieldId::Channel => {
                if let Some(c) = Channel::ALL.get(index) {
                    self.channel = *c;
                }
            }
            FieldId::DeadlineKind => {
                self.deadline = index
                    .checked_sub(1)
                    .and_then(|i| DeadlineLabel::ALL.get(i).copied());
            }
            FieldId::Stage => {
                self.stage = index
                    .checked_sub(1)
                    .and_then(|i| ProceedingStage::ALL.get(i).copied())
            }
            FieldId::Ground => {
                self.ground = index
                    .checked_sub(1)
                    .and_then(|i| NoticeGround::ALL.get(i).copied())
            }
            FieldId::Source => {
                self.source = index
                    .checked_sub(1)
                    .and_then(|i| Source::ALL.get(i).copied())
            }
            FieldId::Groups if index < Group::ALL.len() => self.group_cursor = index,
            _ => {}
        }
    }

    /// The criminal facts the form gives, of the fields that apply; None
    /// when none is given.
    pub fn criminal(&self) -> Option<crate::domain::case::CriminalFacts> {
        let facts = crate::domain::case::CriminalFacts {
            stage: self.stage.filter(|_| self.applies(FieldId::Stage)),
            ground: self.ground.filter(|_| self.applies(FieldId::Ground)),
            source: self.source.filter(|_| self.applies(FieldId::Source)),
        };
        (facts != Default::default()).then_some(facts)
    }

    /// A letter (or Han character) typed on a choice field: jumps to the
    /// first choice that [`search::picks`] with everything typed since the
    /// field got focus, as `word` shows each choice (its catalog key's
    /// word) or by its code. The same letter again goes on to the next
    /// choice it picks. Nothing picked: the choice stays and `jump_missed`
    /// says so.
    pub fn jump_to(&mut self, c: char, word: impl Fn(&str) -> String) {
        let Some((keys, now)) = self.choices() else {
            return;
        };
        let n = keys.len();
        let words: Vec<String> = keys.iter().map(|k| word(k)).collect();
        let picks = |i: usize, typed: &str| {
            let code = keys[i].rsplit('.').next().unwrap_or_default();
            search::picks(&words[i], typed) || search::picks(code, typed)
        };
        let find = |typed: &str, from: usize| {
            (0..n)
                .map(|d| (from + d) % n.max(1))
                .find(|&i| picks(i, typed))
        };
        let typed = if self.jump_missed {
            c.to_string()
        } else {
            format!("{}{c}", self.jump)
        };
        let found = if self.jump.is_empty() || self.jump_missed {
            find(&typed, 0).map(|i| (i, typed.clone()))
        } else {
            find(&typed, now)
                .map(|i| (i, typed.clone()))
                .or_else(|| find(&c.to_string(), now + 1).map(|i| (i, c.to_string())))
        };
        match found {
            Some((i, typed)) => {
                self.choose(i);
                self.jump = typed;
                self.jump_missed = false;
            }
            None => {
                self.jump = typed;
                self.jump_missed = true;
            }
        }
    }

    /// Backspace on a choice field: the last letter typed goes, and the
    /// rest jumps again.
    pub fn jump_back(&mut self, word: impl Fn(&str) -> String) {
        let mut typed = std::mem::take(&mut self.jump);
        typed.pop();
        self.jump_missed = false;
        for c in typed.chars() {
            self.jump_to(c, &word);
        }
    }

    /// The matters the chosen kind allows, in the table's order.
    pub fn matters(&self) -> Vec<Matter> {
        Matter::for_kind(self.kind)
    }

    /// Left (-1) or right (1) on a choice field: the previous or next choice.
    pub fn cycle(&mut self, step: isize) {
        self.end_jump();
        let Some((choices, now)) = self.choices() else {
            return;
        };
        let n = choices.len().max(1) as isize;
        self.choose((now as isize + step).rem_euclid(n) as usize);
    }

    /// Changes the kind; a matter the new kind does not allow gives way to
    /// the first one it does.
    pub fn set_kind(&mut self, kind: Kind) {
        self.kind = kind;
        if !self.matter.fits(kind) {
            self.matter = self.matters().first().copied().unwrap_or(Matter::Other);
        }
    }

    /// Ticks or unticks the group the groups field points at.
    pub fn toggle_group(&mut self) {
        let Some(g) = Group::ALL.get(self.group_cursor).copied() else {
            return;
        };
        if let Some(i) = self.groups.iter().position(|x| *x == g) {
            self.groups.remove(i);
            if self.proposed.contains(&g) {
                self.proposed.retain(|x| *x != g);
                self.declined.push(g);
            }
        } else {
            self.groups.push(g);
            self.declined.retain(|x| *x != g);
        }
    }

    /// A printable key on the focused field: typed into a text field; on a
    /// choice, space moves to the next choice (ticks a group) and a letter
    /// jumps ([`Form::jump_to`], `word` giving a catalog key's word).
    pub fn type_char(&mut self, c: char, today: NaiveDate, word: impl Fn(&str) -> String) {
        let focus = self.focus;
        if let Some(f) = self.text_mut(focus) {
            f.insert(&c.to_string());
            self.after_edit(today);
        } else if c == ' ' {
            match focus {
                FieldId::Groups => self.toggle_group(),
                _ => self.cycle(1),
            }
        } else if c.is_alphanumeric() {
            self.jump_to(c, word);
        }
    }

    /// Pasted text goes into the focused text field, on one line.
    pub fn paste(&mut self, text: &str, today: NaiveDate) {
        if let Some(f) = self.focused_text() {
            f.insert(&crate::domain::text::one_line(text));
            self.after_edit(today);
        }
    }

    /// Text changed: the groups proposed by the ID number follow it.
    pub fn after_edit(&mut self, today: NaiveDate) {
        let wanted = match self.person(today) {
            Ok(Some(p)) => groups_for_age(p.age),
            _ => Vec::new(),
        };
        for g in self.proposed.clone() {
            if !wanted.contains(&g) {
                self.groups.retain(|x| *x != g);
                self.proposed.retain(|x| *x != g);
            }
        }
        for g in wanted {
            if !self.groups.contains(&g) && !self.declined.contains(&g) {
                self.groups.push(g);
                self.proposed.push(g);
            }
        }
    }

    /// The ID number as typed: what it derives, or why it is not valid
    /// (None when empty).
    pub fn person(&self, today: NaiveDate) -> Result<Option<Person>, IdError> {
        let typed = self.id_number.text().trim();
        if typed.is_empty() {
            return Ok(None);
        }
        let n = IdNumber::parse(typed, today)?;
        Ok(Some(Person {
            gender: n.gender(),
            birth: n.birth_date(),
            age: n.age_on(today),
        }))
    }

    /// The matter deadline as typed, if it parses.
    pub fn deadline_date(&self) -> Option<NaiveDate> {
        parse_date(self.deadline_date.text()).ok()
    }

    /// Days left to the matter deadline when it makes the case an emergency
    /// (先行提供, Law Art. 44): fewer than `emergency_days`, and not past.
    pub fn emergency(&self, today: NaiveDate, emergency_days: u32) -> Option<i64> {
        self.deadline?;
        let left = deadlines::days_left(self.deadline_date()?, today);
        (0..i64::from(emergency_days))
            .contains(&left)
            .then_some(left)
    }

    /// Every problem of the form as typed, in field order.
    pub fn problems(&self, today: NaiveDate) -> Vec<(FieldId, Problem)> {
        let mut out = Vec::new();
        if self.name.text().trim().is_empty() {
            out.push((FieldId::Name, Problem::Required));
        }
        if let Err(e) = self.person(today) {
            out.push((FieldId::IdNumber, Problem::Id(e)));
        }
        let phone = self.phone.text().trim();
        if !phone.is_empty() && !valid_phone(phone) {
            out.push((FieldId::Phone, Problem::Phone));
        }
        if self.channel == Channel::Workstation && self.station.text().trim().is_empty() {
            out.push((FieldId::Station, Problem::Required));
        }
        let date = self.deadline_date.text().trim();
        match (self.deadline, date.is_empty()) {
            (None, true) => {}
            (None, false) => out.push((FieldId::DeadlineKind, Problem::NeedsLabel)),
            (Some(_), true) => out.push((FieldId::DeadlineDate, Problem::Required)),
            (Some(_), false) => match parse_date(date) {
                Err(_) => out.push((FieldId::DeadlineDate, Problem::BadDate)),
                Ok(d) if d < today => out.push((FieldId::DeadlineDate, Problem::Past)),
                Ok(_) => {}
            },
        }
        out
    }

    /// The problem shown beside a field now: "required" only once the
    /// field was left or saving was tried.
    pub fn shown_problem(&self, f: FieldId, today: NaiveDate) -> Option<Problem> {
        let p = self
            .problems(today)
            .into_iter()
            .find(|(g, _)| *g == f)
            .map(|(_, p)| p)?;
        let visible = self.tried || self.visited.contains(&f) || p != Problem::Required;
        visible.then_some(p)
    }

    /// The application as an interchange record, received today and held
    /// by `user`. `label` is the matter deadline's label in the user's words.
    pub fn record(&self, today: NaiveDate, user: &str, label: &str) -> CaseRecord {
        let opt = |f: &TextField| {
            let t = f.text().trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let deadlines = match (self.deadline, opt(&self.deadline_date)) {
            (Some(_), Some(date)) => vec![DeadlineRecord {
                date,
                label: label.to_string(),
                id: None,
                done: None,
            }],
            _ => Vec::new(),
        };
        CaseRecord {
            received: today.to_string(),
            kind: self.kind.code().to_string(),
            matter: self.matter.code().to_string(),
            channel: self.channel.code().to_string(),
            station: opt(&self.station).filter(|_| self.channel == Channel::Workstation),
            applicant: ApplicantRecord {
                name: self.name.text().trim().to_string(),
                id_number: opt(&self.id_number),
                phone: opt(&self.phone),
                address: opt(&self.address),
                gender: None,
                birth_date: None,
                groups: self.groups.iter().map(|g| g.code().to_string()).collect(),
            },
            adverse_party: opt(&self.adverse_party),
            summary: opt(&self.summary),
            caseworker: Some(user.to_string()),
            deadlines,
            // A possible life or death sentence is the fact Art. 26 acts on.
            serious: self
                .criminal()
                .is_some_and(|f| f.ground == Some(NoticeGround::LifeOrDeath)),
            criminal: self.criminal(),
            ..CaseRecord::default()
        }
    }

    /// The form's problems and the record's, or the record and the
    /// applicant (with what the ID number derives) ready to check and save.
    pub fn finish(
        &self,
        today: NaiveDate,
        user: &str,
        label: &str,
    ) -> Result<(CaseRecord, Applicant), Vec<Located>> {
        let mine = self.problems(today);
        if !mine.is_empty() {
            return Err(mine.into_iter().map(|(f, p)| (Some(f), p)).collect());
        }
        let record = self.record(today, user, label);
        match record.validate(today) {
            Ok(valid) => Ok((record, valid.case.applicant)),
            Err(errs) => Err(errs
                .into_iter()
                .map(|FieldError { field, why }| (FieldId::of_record(&field), Problem::Record(why)))
                .collect()),
        }
    }

    fn draft(&self) -> Draft {
        let t = |f: &TextField| f.text().to_string();
        Draft {
            version: 1,
            name: t(&self.name),
            id_number: t(&self.id_number),
            phone: t(&self.phone),
            address: t(&self.address),
            station: t(&self.station),
            adverse_party: t(&self.adverse_party),
            summary: t(&self.summary),
            deadline_date: t(&self.deadline_date),
            groups: self.groups.clone(),
            group_cursor: self.group_cursor,
            kind: self.kind,
            matter: self.matter,
            channel: self.channel,
            stage: self.stage,
            ground: self.ground,
            source: self.source,
            deadline: self.deadline,
            focus: self.focus,
            proposed: self.proposed.clone(),
            declined: self.declined.clone(),
            consultation: self.consultation,
        }
    }

    /// The form as the JSON text kept in the store as the user's draft.
    pub fn to_draft(&self) -> String {
        serde_json::to_string(&self.draft()).unwrap_or_default()
    }

    /// The form a draft was saved from; None when it cannot be read.
    pub fn from_draft(json: &str) -> Option<Form> {
        let d: Draft = serde_json::from_str(json).ok()?;
        let f = |s: &str| TextField::with_text(s);
        let mut form = Form {
            name: f(&d.name),
            id_number: f(&d.id_number),
            phone: f(&d.phone),
            address: f(&d.address),
            station: f(&d.station),
            adverse_party: f(&d.adverse_party),
            summary: f(&d.summary),
            deadline_date: f(&d.deadline_date),
            groups: d.groups,
            group_cursor: d.group_cursor.min(Group::ALL.len() - 1),
            kind: d.kind,
            matter: d.matter,
            channel: d.channel,
            stage: d.stage,
            ground: d.ground,
            source: d.source,
            deadline: d.deadline,
            focus: d.focus,
            proposed: d.proposed,
            declined: d.declined,
            consultation: d.consultation,
            ..Form::new()
        };
        // A draft from an older version may pair a kind and a matter that no
        // longer fit.
        let kind = form.kind;
        form.set_kind(kind);
        Some(form)
    }
}

/// The draft as stored: plain values, every field optional so that a draft
/// written by another version still opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    version: u32,
    name: String,
    id_number: String,
    phone: String,
    address: String,
    station: String,
    adverse_party: String,
    summary: String,
    deadline_date: String,
    groups: Vec<Group>,
    group_cursor: usize,
    kind: Kind,
    matter: Matter,
    channel: Channel,
    // Drafts saved before the criminal facts were on the form lack them.
    #[serde(default)]
    stage: Option<ProceedingStage>,
    #[serde(default)]
    ground: Option<NoticeGround>,
    #[serde(default)]
    source: Option<Source>,
    deadline: Option<DeadlineLabel>,
    focus: FieldId,
    proposed: Vec<Group>,
    declined: Vec<Group>,
    #[serde(default)]
    consultation: Option<(NaiveDate, u64)>,
}

impl Default for Draft {
    fn default() -> Draft {
        Form::new().draft()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn typed(form: &mut Form, field: FieldId, text: &str) {
        form.focus = field;
        for c in text.chars() {
            form.type_char(c, today(), |k| k.to_string());
        }
    }

    fn filled() -> Form {
        let mut f = Form::new();
        typed(&mut f, FieldId::Name, "张三");
        typed(&mut f, FieldId::IdNumber, "11010519491231002X");
        typed(&mut f, FieldId::Phone, "138 0000 0000");
        f
    }

    #[test]
    fn the_criminal_facts_are_asked_where_they_apply_and_kept_in_a_draft() {
        let mut f = filled();
        assert!(!f.fields().contains(&FieldId::Source));
        f.set_kind(Kind::Criminal);
        assert!(f.fields().contains(&FieldId::Source));
        assert!(!f.fields().contains(&FieldId::Stage));
        f.focus = FieldId::Source;
        f.cycle(1);
        assert_eq!(f.source, Some(Source::Police));
        assert_eq!(
            f.record(today(), "liwei", "").criminal.unwrap().source,
            f.source
        );
        // Now a notification: the source no longer applies, the stage does.
        f.channel = Channel::Notified;
        assert_eq!(f.record(today(), "liwei", "").criminal, None);
        f.focus = FieldId::Stage;
        f.cycle(-1);
        assert_eq!(f.stage, ProceedingStage::ALL.last().copied());
        f.focus = FieldId::Ground;
        f.jump_to('l', |k| k.to_string());
        assert_eq!(f.ground, Some(NoticeGround::LifeOrDeath));
        let r = f.record(today(), "liwei", "");
        assert!(r.serious, "Art. 26");
        assert!(r.validate(today()).is_ok());
        let back = Form::from_draft(&f.to_draft()).unwrap();
        assert_eq!((back.stage, back.ground), (f.stage, f.ground));
        // Focus moves over the shown fields only.
        f.focus = FieldId::Station;
        f.move_focus(1);
        assert_eq!(f.focus, FieldId::Stage);
        f.kind = Kind::Civil;
        f.focus = FieldId::Station;
        f.move_focus(1);
        assert_eq!(f.focus, FieldId::AdverseParty);
    }

    #[test]
    fn the_workstation_typed_is_matched_to_a_record() {
        let stations = vec![
            ("ST-001".to_string(), "清水塘街道工作站".to_string()),
            ("ST-002".to_string(), "荷塘区总工会工作站".to_string()),
        ];
        let mut f = filled();
        assert_eq!(f.station_pick(&stations), StationPick::Empty);
        typed(&mut f, FieldId::Station, "htq");
        assert_eq!(
            f.station_pick(&stations),
            StationPick::Suggest(&stations[1])
        );
        assert!(f.take_station(&stations));
        assert_eq!(f.station.text(), "荷塘区总工会工作站");
        assert_eq!(f.station_pick(&stations), StationPick::Exact(&stations[1]));
        assert!(!f.take_station(&stations), "nothing more to take");
        f.station = TextField::with_text("st-00");
        assert_eq!(
            f.station_pick(&stations),
            StationPick::Suggest(&stations[0])
        );
        f.station = TextField::with_text("ST-002");
        assert_eq!(f.station_pick(&stations), StationPick::Exact(&stations[1]));
        f.station = TextField::with_text("新村站");
        assert_eq!(f.station_pick(&stations), StationPick::New);
    }

    #[test]
    fn a_new_form_needs_a_name_and_says_so_only_when_left() {
        let mut f = Form::new();
        assert!(f.is_blank());
        assert_eq!(f.problems(today()), [(FieldId::Name, Problem::Required)]);
        assert_eq!(f.shown_problem(FieldId::Name, today()), None);
        f.move_focus(1);
        assert_eq!(f.focus, FieldId::IdNumber);
        assert_eq!(
            f.shown_problem(FieldId::Name, today()),
            Some(Problem::Required)
        );
        f.move_focus(-2);
        assert_eq!(f.focus, FieldId::DeadlineDate, "shift-tab wraps");
    }

    #[test]
    fn a_valid_id_number_derives_the_person_and_proposes_groups() {
        let mut f = filled();
        let p = f.person(today()).unwrap().unwrap();
        assert_eq!(p.gender, Gender::Female);
        assert_eq!(p.birth, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(p.age, 76);
        assert_eq!(f.groups, [Group::Elderly]);
        assert_eq!(f.proposed, [Group::Elderly]);
        assert!(f.problems(today()).is_empty());
        // The caseworker unticks it: it is not proposed again.
        f.focus = FieldId::Groups;
        f.group_cursor = 1;
        f.type_char(' ', today(), |k| k.to_string());
        assert!(f.groups.is_empty());
        typed(&mut f, FieldId::IdNumber, " ");
        assert!(f.groups.is_empty());
        // A child's number proposes "minor" and withdraws nothing declined.
        let mut child = Form::new();
        typed(&mut child, FieldId::IdNumber, "430204201501011232");
        assert_eq!(child.person(today()).unwrap().unwrap().age, 11);
        assert_eq!(child.groups, [Group::Minor]);
        // Editing the number away withdraws the proposal.
        child.focus = FieldId::IdNumber;
        child.focused_text().unwrap().delete_back();
        child.after_edit(today());
        assert!(child.groups.is_empty());
        assert!(matches!(
            child.problems(today())[1],
            (
                FieldId::IdNumber,
                Problem::Id(IdError::WrongLength { len: 17 })
            )
        ));
    }

    #[test]
    fn an_invalid_id_number_or_phone_is_a_problem() {
        let mut f = Form::new();
        typed(&mut f, FieldId::Name, "李四");
        typed(&mut f, FieldId::IdNumber, "110105194912310021");
        typed(&mut f, FieldId::Phone, "call me");
        let p = f.problems(today());
        assert_eq!(
            p,
            [
                (
                    FieldId::IdNumber,
                    Problem::Id(IdError::WrongCheckDigit {
                        expected: 'X',
                        found: '1'
                    })
                ),
                (FieldId::Phone, Problem::Phone)
            ]
        );
        assert!(f.groups.is_empty());
    }

    /// The words an English screen shows.
    fn en(key: &str) -> String {
        crate::i18n::Lang::En.t(key).to_string()
    }

    #[test]
    fn typing_on_a_choice_jumps_to_it() {
        let mut f = Form::new();
        f.focus = FieldId::Matter;
        for c in "dom".chars() {
            f.type_char(c, today(), en);
        }
        assert_eq!(
            (f.matter, f.jump.as_str()),
            (Matter::DomesticViolence, "dom")
        );
        // The same letter again goes on to the next matter it picks, and
        // back round to the first.
        f.focus = FieldId::Channel;
        f.type_char('w', today(), en);
        let first = f.channel;
        f.type_char('w', today(), en);
        assert_ne!(f.channel, first);
        // Nothing matches: the choice stays, and the form says so.
        f.focus = FieldId::Matter;
        f.jump.clear();
        f.type_char('q', today(), en);
        f.type_char('z', today(), en);
        assert_eq!(f.matter, Matter::DomesticViolence);
        assert!(f.jump_missed);
        // Backspace takes the letter back.
        f.jump_back(en);
        assert!(!f.jump_missed);
        // Moving on ends the typing; groups jump the pointer, not the ticks.
        f.move_focus(-2);
        assert_eq!((f.focus, f.jump.as_str()), (FieldId::Groups, ""));
        f.type_char('d', today(), en);
        assert_eq!(Group::ALL[f.group_cursor], Group::Disabled);
        assert!(f.groups.is_empty());
        // In Chinese, by pinyin initials.
        let zh = |k: &str| crate::i18n::Lang::ZhHans.t(k).to_string();
        f.focus = FieldId::Kind;
        f.jump.clear();
        f.type_char('x', today(), zh);
        assert_eq!(f.kind, Kind::Criminal);
    }

    #[test]
    fn matters_follow_the_kind() {
        let mut f = Form::new();
        assert_eq!(f.kind, Kind::Civil);
        assert!(f.matters().contains(&Matter::Wages));
        assert!(!f.matters().contains(&Matter::Defense));
        f.focus = FieldId::Kind;
        f.cycle(-1);
        assert_eq!(f.kind, Kind::Criminal);
        assert_eq!(
            f.matters(),
            [
                Matter::Defense,
                Matter::Victim,
                Matter::CompulsoryTreatment,
                Matter::Other
            ]
        );
        assert_eq!(f.matter, Matter::Defense, "the civil matter gave way");
        f.focus = FieldId::Matter;
        f.cycle(1);
        assert_eq!(f.matter, Matter::Victim);
        f.cycle(-2);
        assert_eq!(f.matter, Matter::Other, "wraps within the kind");
        // A matter that fits both kinds stays.
        f.set_kind(Kind::LaborArbitration);
        f.matter = Matter::Wages;
        f.set_kind(Kind::Civil);
        assert_eq!(f.matter, Matter::Wages);
        for kind in Kind::ALL {
            f.set_kind(*kind);
            assert!(f.matter.fits(*kind));
            assert!(f.matters().iter().all(|m| m.fits(*kind)));
        }
    }

    #[test]
    fn a_deadline_within_seven_days_is_an_emergency() {
        let mut f = filled();
        typed(&mut f, FieldId::DeadlineDate, "2026-12-01");
        assert_eq!(
            f.problems(today()),
            [(FieldId::DeadlineKind, Problem::NeedsLabel)]
        );
        assert_eq!(f.emergency(today(), 7), None, "not a deadline yet");
        f.focus = FieldId::DeadlineKind;
        f.type_char(' ', today(), |k| k.to_string());
        assert_eq!(f.deadline, Some(DeadlineLabel::Limitation));
        assert_eq!(f.emergency(today(), 7), Some(5));
        assert!(f.problems(today()).is_empty());
        f.deadline_date = TextField::with_text("2026-12-03");
        assert_eq!(f.emergency(today(), 7), None, "seven days is not fewer");
        f.deadline_date = TextField::with_text("2026-11-26");
        assert_eq!(f.emergency(today(), 7), Some(0));
        f.deadline_date = TextField::with_text("2026-11-25");
        assert_eq!(f.emergency(today(), 7), None);
        assert_eq!(
            f.problems(today()),
            [(FieldId::DeadlineDate, Problem::Past)]
        );
        f.deadline_date = TextField::with_text("2026-02-30");
        assert_eq!(
            f.problems(today()),
            [(FieldId::DeadlineDate, Problem::BadDate)]
        );
        f.deadline_date = TextField::new();
        assert_eq!(
            f.problems(today()),
            [(FieldId::DeadlineDate, Problem::Required)]
        );
    }

    #[test]
    fn a_workstation_needs_its_name() {
        let mut f = filled();
        f.focus = FieldId::Channel;
        f.cycle(1);
        assert_eq!(f.channel, Channel::Workstation);
        assert_eq!(f.problems(today()), [(FieldId::Station, Problem::Required)]);
        typed(&mut f, FieldId::Station, "荷塘区总工会");
        assert!(f.problems(today()).is_empty());
        assert_eq!(
            f.record(today(), "liwei", "").station.as_deref(),
            Some("荷塘区总工会")
        );
        f.channel = Channel::Hotline;
        assert_eq!(f.record(today(), "liwei", "").station, None);
    }

    #[test]
    fn the_record_validates_and_derives_the_applicant() {
        let mut f = filled();
        typed(&mut f, FieldId::AdverseParty, "株洲某公司");
        f.deadline = Some(DeadlineLabel::Hearing);
        typed(&mut f, FieldId::DeadlineDate, "2027-01-10");
        let (record, applicant) = f.finish(today(), "liwei", "开庭").unwrap();
        assert_eq!(record.received, "2026-11-26");
        assert_eq!(record.caseworker.as_deref(), Some("liwei"));
        assert_eq!(record.deadlines[0].label, "开庭");
        assert_eq!(record.applicant.groups, ["elderly"]);
        assert_eq!(applicant.gender, Some(Gender::Female));
        assert_eq!(applicant.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31));
        let valid = record.validate(today()).unwrap();
        assert_eq!(valid.case.adverse_party.as_deref(), Some("株洲某公司"));
        // A form with problems says where.
        let errs = Form::new().finish(today(), "liwei", "").unwrap_err();
        assert_eq!(errs, [(Some(FieldId::Name), Problem::Required)]);
    }

    #[test]
    fn a_draft_survives_the_round_trip() {
        let mut f = filled();
        f.focus = FieldId::Kind;
        f.cycle(1);
        f.focus = FieldId::Phone;
        f.phone.home();
        let json = f.to_draft();
        let back = Form::from_draft(&json).unwrap();
        assert_eq!(back.to_draft(), json);
        assert_eq!(back.name.text(), "张三");
        assert_eq!(back.kind, Kind::Administrative);
        assert_eq!(back.focus, FieldId::Phone);
        assert_eq!(back.groups, [Group::Elderly]);
        // Unknown or missing fields do not stop a draft from opening.
        let old =
            Form::from_draft(r#"{"name":"王五","kind":"criminal","matter":"wages"}"#).unwrap();
        assert_eq!(old.name.text(), "王五");
        assert_eq!(old.matter, Matter::Defense, "the matter fits the kind");
        assert!(Form::from_draft("not json").is_none());
        assert!(!f.is_blank());
        let mut moved = Form::new();
        moved.move_focus(3);
        assert!(moved.is_blank(), "moving around types nothing");
    }

    #[test]
    fn chinese_is_edited_by_character_in_a_field() {
        let mut f = Form::new();
        typed(&mut f, FieldId::Name, "欧阳娜娜");
        f.name.left();
        f.name.delete_back();
        assert_eq!(f.name.text(), "欧阳娜");
        assert_eq!(f.name.cursor_column(), 4);
    }
}
