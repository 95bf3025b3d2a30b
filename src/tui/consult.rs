//! The consultation form: one screen, quick enough for the hotline. The
//! choice lines take a digit (which moves on to the next line), the text
//! lines take what is typed; Ctrl-S saves.

use crate::domain::codes::Group;
use crate::domain::consult::{Area, ConsultChannel, ConsultRecord, Topic};
use crate::domain::record::FieldError;

use super::field::TextField;

/// The lines of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Channel,
    Area,
    Topic,
    Groups,
    Note,
    Name,
    Phone,
}

impl Line {
    pub const ALL: [Line; 7] = [
        Line::Channel,
        Line::Area,
        Line::Topic,
        Line::Groups,
        Line::Note,
        Line::Name,
        Line::Phone,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Line::Channel => "channel",
            Line::Area => "area",
            Line::Topic => "topic",
            Line::Groups => "groups",
            Line::Note => "note",
            Line::Name => "name",
            Line::Phone => "phone",
        }
    }

    /// Whether the line is a choice (digits) rather than text.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Line::Channel | Line::Area | Line::Topic | Line::Groups
        )
    }
}

/// The groups a consultation offers: the quarterly table's.
pub const GROUPS: [Group; 8] = crate::domain::consult::TABLE_GROUPS;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultForm {
    pub channel: ConsultChannel,
    pub area: Area,
    pub topic: Topic,
    pub groups: Vec<Group>,
    pub note: TextField,
    pub name: TextField,
    pub phone: TextField,
    pub focus: Line,
    /// Why saving was refused, each with its line.
    pub errors: Vec<FieldError>,
}

impl Default for ConsultForm {
    fn default() -> ConsultForm {
        ConsultForm {
            channel: ConsultChannel::Phone,
            area: Area::Civil,
            topic: Topic::Wages,
            groups: Vec::new(),
            note: TextField::new(),
            name: TextField::new(),
            phone: TextField::new(),
            focus: Line::Channel,
            errors: Vec::new(),
        }
    }
}

impl ConsultForm {
    /// The choices of a choice line, in the order their digits take them.
    pub fn choices(&self, line: Line) -> Vec<&'static str> {
        match line {
            Line::Channel => ConsultChannel::ALL.iter().map(|c| c.code()).collect(),
            Line::Area => Area::ALL.iter().map(|c| c.code()).collect(),
            Line::Topic => Topic::of(self.area).iter().map(|c| c.code()).collect(),
            Line::Groups => GROUPS.iter().map(|g| g.code()).collect(),
            _ => Vec::new(),
        }
    }

    /// Moves the focus by `step` lines, round.
    pub fn move_focus(&mut self, step: isize) {
        let i = Line::ALL.iter().position(|l| *l == self.focus).unwrap_or(0) as isize;
        let n = Line::ALL.len() as isize;
        self.focus = Line::ALL[((i + step).rem_euclid(n)) as usize];
    }

    /// A digit on a choice line: 1-9, and 0 for the tenth. Takes the choice
    /// (toggles a group) and moves on, except on the groups, where several
    /// may be ticked. False when the digit names no choice.
    pub fn pick(&mut self, digit: char) -> bool {
        let Some(n) = digit.to_digit(10) else {
            return false;
        };
        let i = if n == 0 { 9 } else { n as usize - 1 };
        match self.focus {
            Line::Channel => match ConsultChannel::ALL.get(i) {
                Some(c) => self.channel = *c,
                None => return false,
            },
            Line::Area => match Area::ALL.get(i) {
                Some(a) => {
                    if *a != self.area {
                        self.area = *a;
                        self.topic = Topic::of(*a)[0];
                    }
                }
                None => return false,
            },
            Line::Topic => match Topic::of(self.area).get(i) {
                Some(t) => self.topic = *t,
                None => return false,
            },
            Line::Groups => {
                let Some(g) = GROUPS.get(i) else {
                    return false;
                };
                match self.groups.iter().position(|x| x == g) {
                    Some(at) => {
                        self.groups.remove(at);
                    }
                    None => self.groups.push(*g),
                }
                return true;
            }
            _ => return false,
        }
        self.move_focus(1);
        true
    }

    /// The text line with the cursor, if the focus is on one.
    pub fn text_mut(&mut self) -> Option<&mut TextField> {
        match self.focus {
            Line::Note => Some(&mut self.note),
            Line::Name => Some(&mut self.name),
            Line::Phone => Some(&mut self.phone),
            _ => None,
        }
    }

    /// The record the form describes, to validate and send.
    pub fn record(&self) -> ConsultRecord {
        let opt = |f: &TextField| {
            let t = f.text().trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        ConsultRecord {
            channel: self.channel.code().into(),
            topic: self.topic.code().into(),
            groups: self.groups.iter().map(|g| g.code().to_string()).collect(),
            note: self.note.text().to_string(),
            name: opt(&self.name),
            phone: opt(&self.phone),
            ..ConsultRecord::default()
        }
    }

    /// The line a record problem belongs to.
    pub fn line_of(field: &str) -> Option<Line> {
        let head = field.split(['.', '[']).next().unwrap_or(field);
        Line::ALL.iter().copied().find(|l| l.code() == head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_take_choices_and_move_on() {
        let mut f = ConsultForm::default();
        assert!(f.pick('3'));
        assert_eq!(f.channel, ConsultChannel::Hotline12348);
        assert_eq!(f.focus, Line::Area);
        assert!(f.pick('1'));
        assert_eq!((f.area, f.topic), (Area::Criminal, Topic::Homicide));
        assert!(f.pick('7'));
        assert_eq!(f.topic, Topic::Fraud);
        assert_eq!(f.focus, Line::Groups);
        assert!(f.pick('3') && f.pick('6'));
        assert!(f.pick('3'), "a second time unticks");
        assert_eq!(f.groups, [Group::Elderly]);
        assert_eq!(f.focus, Line::Groups, "several groups may be ticked");
        assert!(!f.pick('9'), "no ninth group");
        f.move_focus(1);
        assert_eq!(f.focus, Line::Note);
        assert!(!f.pick('1'), "a text line takes no digit as a choice");
        f.move_focus(-5);
        assert_eq!(f.focus, Line::Phone, "round");
    }

    #[test]
    fn the_record_is_what_the_form_says() {
        let mut f = ConsultForm::default();
        f.note.insert("欠薪");
        f.phone.insert(" 13800000000 ");
        let r = f.record();
        assert_eq!((r.channel.as_str(), r.topic.as_str()), ("phone", "wages"));
        assert_eq!(r.phone.as_deref(), Some("13800000000"));
        assert_eq!(r.name, None);
        assert_eq!(ConsultForm::line_of("groups[0]"), Some(Line::Groups));
        assert_eq!(ConsultForm::line_of("phone"), Some(Line::Phone));
    }
}
