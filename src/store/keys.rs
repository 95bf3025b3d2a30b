//! The key layout of the store: one sled tree, records and indexes told
//! apart by a one-byte prefix, all numbers big-endian so that byte order is
//! the natural order (dates, case numbers, event sequence).
//!
//! | prefix | key                                   | value           |
//! |--------|---------------------------------------|-----------------|
//! | `M`    | meta name (format, policy, calendar)  | encoded value   |
//! | `Y`    | year u16                              | last seq u32    |
//! | `C`    | case no (year u16, seq u32)           | encoded Case    |
//! | `E`    | event seq u64                         | encoded Event   |
//! | `H`    | case no, event seq                    | empty           |
//! | `D`    | due day i32, case no, kind u8, sub u32| uncovered years |
//! | `S`    | status u8, case no (undecided only)   | empty           |
//! | `N`    | field tag, search key, 0x00, case no  | empty           |
//! | `G`    | run id u32, first entry of the block  | index run block |
//! | `B`    | board stage u8, case no               | empty           |
//! | `K`    | `B`, board stage u8                   | count u64       |
//! | `R`    | OS user name                          | draft (JSON)    |
//! | `U`    | OS user name                          | encoded User    |
//! | `P`    | provider id                           | encoded Provider|
//! | `A`    | provider id, 0x00, case no            | empty (open)    |
//! | `Q`    | provider id, 0x00, name key, 0x00, no | applicant name  |
//! | `T`    | year u16, month u8, case no           | cells (column, amount) |
//! | `K`    | `T`, year u16, month u8, column u8    | sum u64         |
//! | `L`    | day i32, consultation id u64          | encoded Consultation |
//! | `W`    | workstation id                        | encoded Station |
//! | `F`    | year i32, source u8                   | yuan u64 (budget) |
//! | `V`    | list u8, day i32, case no             | empty (supervision lists) |
//! | `X`    | complaint year u16, seq u32           | encoded Complaint |
//! | `Z`    | period (encoded)                      | encoded Sample  |
//! | `J`    | payment no u32                        | encoded OtherPayment |

use chrono::NaiveDate;

use crate::api::views::DueKey;
use crate::domain::case::CaseNo;
use crate::domain::codes::Status;
use crate::domain::deadlines::DeadlineKind;
use crate::domain::report::{Branch, Column, Month};
use crate::domain::stage::Stage;

pub const META: u8 = b'M';
pub const YEAR_SEQ: u8 = b'Y';
pub const CASE: u8 = b'C';
pub const EVENT: u8 = b'E';
pub const HISTORY: u8 = b'H';
pub const DUE: u8 = b'D';
pub const STATUS: u8 = b'S';
pub const SEARCH: u8 = b'N';
/// Blocks of index runs written by bulk imports (see `runs.rs`).
pub const RUN: u8 = b'G';
pub const BOARD: u8 = b'B';
pub const COUNT: u8 = b'K';
pub const DRAFT: u8 = b'R';
pub const USER: u8 = b'U';
pub const PROVIDER: u8 = b'P';
/// Open cases of a provider (assigned or concluded, not yet archived).
pub const PROVIDER_OPEN: u8 = b'A';
/// Every case a provider ever had, with the applicant's name as value.
pub const PROVIDER_CLIENT: u8 = b'Q';
/// The year's funds received, by source (`funds.rs`).
pub const BUDGET: u8 = b'F';
/// The supervision lists (`supervision.rs`): payments to approve, to pay,
/// follow-ups due, files to score.
pub const SUPERVISE: u8 = b'V';
/// Complaints by number (`supervision.rs`).
pub const COMPLAINT: u8 = b'X';
/// Peer-review draws by period (`supervision.rs`).
pub const SAMPLE: u8 = b'Z';
/// Payments that belong to no case, by number (`funds.rs`).
pub const OTHER_PAYMENT: u8 = b'J';

pub fn other_payment(no: u32) -> Vec<u8> {
    let mut k = vec![OTHER_PAYMENT];
    k.extend_from_slice(&no.to_be_bytes());
    k
}

pub fn budget(year: i32, source: crate::domain::funds::Source) -> Vec<u8> {
    let mut k = vec![BUDGET];
    k.extend_from_slice(&year.to_be_bytes());
    k.push(source as u8);
    k
}

/// An entry of a supervision list: the list, the day it sorts by, the case.
pub fn supervise(list: u8, day: NaiveDate, no: CaseNo) -> Vec<u8> {
    let mut k = vec![SUPERVISE, list];
    k.extend_from_slice(&day_bytes(day));
    push_case_no(&mut k, no);
    k
}

pub fn supervise_prefix(list: u8) -> Vec<u8> {
    vec![SUPERVISE, list]
}

/// The day and case of a supervision entry.
pub fn parse_supervise(k: &[u8]) -> Option<(NaiveDate, CaseNo)> {
    let day = day_from_bytes(k.get(2..6)?.try_into().ok()?)?;
    let no = read_case_no(k.get(6..)?)?;
    Some((day, no))
}

pub fn complaint(no: crate::domain::quality::ComplaintNo) -> Vec<u8> {
    let mut k = vec![COMPLAINT];
    k.extend_from_slice(&no.year.to_be_bytes());
    k.extend_from_slice(&no.seq.to_be_bytes());
    k
}

pub fn complaint_year(year: u16) -> Vec<u8> {
    let mut k = vec![COMPLAINT];
    k.extend_from_slice(&year.to_be_bytes());
    k
}

pub fn sample(period: crate::domain::report::Period) -> Vec<u8> {
    let mut k = vec![SAMPLE];
    k.extend_from_slice(period.to_string().as_bytes());
    k
}

/// Workstations by id (`stations.rs`).
pub const STATION: u8 = b'W';

pub fn station(id: &str) -> Vec<u8> {
    let mut k = vec![STATION];
    k.extend_from_slice(id.as_bytes());
    k
}

/// Consultations (法律咨询), by day and id (`consult.rs`).
pub const CONSULT: u8 = b'L';
pub const META_CONSULT_SEQ: &[u8] = b"Mconsult_seq";

/// A consultation's key: its day, then its id.
pub fn consult(on: NaiveDate, id: u64) -> Vec<u8> {
    let mut k = vec![CONSULT];
    k.extend_from_slice(&day_bytes(on));
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// The first consultation key of a day.
pub fn consult_from(on: NaiveDate) -> Vec<u8> {
    let mut k = vec![CONSULT];
    k.extend_from_slice(&day_bytes(on));
    k
}

/// The cells of the national tables each case counts in (`report.rs`).
pub const REPORT: u8 = b'T';
/// A committed command's id (chosen by the client) and its first result:
/// a retry of the same command answers with it instead of doing it again.
pub const OP: u8 = b'O';

/// The key of a committed command's id.
pub fn op(id: &OpId) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + id.len());
    k.push(OP);
    k.extend_from_slice(id);
    k
}

/// A command's id, made by the client for each change it sends.
pub use crate::api::OpId;

pub const META_FORMAT: &[u8] = b"Mformat";
pub const META_POLICY: &[u8] = b"Mpolicy";
pub const META_CALENDAR: &[u8] = b"Mcalendar";
pub const META_EVENT_SEQ: &[u8] = b"Mevent_seq";
/// The list of index runs.
pub const META_RUNS: &[u8] = b"Mruns";
/// Present only while a batched import is being written.
pub const META_IMPORT: &[u8] = b"Mimport";

pub fn year_seq(year: u16) -> Vec<u8> {
    let mut k = vec![YEAR_SEQ];
    k.extend_from_slice(&year.to_be_bytes());
    k
}

fn push_case_no(k: &mut Vec<u8>, no: CaseNo) {
    k.extend_from_slice(&no.year.to_be_bytes());
    k.extend_from_slice(&no.seq.to_be_bytes());
}

fn read_case_no(b: &[u8]) -> Option<CaseNo> {
    let year = u16::from_be_bytes(b.get(0..2)?.try_into().ok()?);
    let seq = u32::from_be_bytes(b.get(2..6)?.try_into().ok()?);
    Some(CaseNo { year, seq })
}

pub fn case(no: CaseNo) -> Vec<u8> {
    let mut k = vec![CASE];
    push_case_no(&mut k, no);
    k
}

pub fn case_no_of_case_key(k: &[u8]) -> Option<CaseNo> {
    read_case_no(k.get(1..)?)
}

pub fn event(seq: u64) -> Vec<u8> {
    let mut k = vec![EVENT];
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

pub fn history(no: CaseNo, seq: u64) -> Vec<u8> {
    let mut k = history_prefix(no);
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

pub fn history_prefix(no: CaseNo) -> Vec<u8> {
    let mut k = vec![HISTORY];
    push_case_no(&mut k, no);
    k
}

pub fn event_seq_of_history_key(k: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(k.get(7..15)?.try_into().ok()?))
}

/// Days since 0001-01-01 with the sign bit flipped, so that byte order is
/// date order for any date chrono can hold.
fn day_bytes(d: NaiveDate) -> [u8; 4] {
    use chrono::Datelike;
    ((d.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

fn day_from_bytes(b: [u8; 4]) -> Option<NaiveDate> {
    let days = (u32::from_be_bytes(b) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

pub fn due(k: &DueKey) -> Vec<u8> {
    let mut out = vec![DUE];
    out.extend_from_slice(&day_bytes(k.due));
    push_case_no(&mut out, k.case);
    out.push(k.kind.as_u8());
    out.extend_from_slice(&k.sub.to_be_bytes());
    out
}

/// The first due-index key after every deadline due on or before `day`.
pub fn due_after(day: NaiveDate) -> Vec<u8> {
    let mut out = vec![DUE];
    let next = day.succ_opt().unwrap_or(day);
    out.extend_from_slice(&day_bytes(next));
    out
}

pub fn parse_due(k: &[u8]) -> Option<DueKey> {
    if k.first() != Some(&DUE) || k.len() != 16 {
        return None;
    }
    Some(DueKey {
        due: day_from_bytes(k[1..5].try_into().ok()?)?,
        case: read_case_no(&k[5..11])?,
        kind: DeadlineKind::from_u8(k[11])?,
        sub: u32::from_be_bytes(k[12..16].try_into().ok()?),
    })
}

pub fn status(s: Status, no: CaseNo) -> Vec<u8> {
    let mut k = status_prefix(s);
    push_case_no(&mut k, no);
    k
}

pub fn status_prefix(s: Status) -> Vec<u8> {
    vec![STATUS, s as u8]
}

pub fn board(stage: Stage, no: CaseNo) -> Vec<u8> {
    let mut k = board_prefix(stage);
    push_case_no(&mut k, no);
    k
}

pub fn board_prefix(stage: Stage) -> Vec<u8> {
    vec![BOARD, stage.index() as u8]
}

/// The counter of cases in a board column (kept by the same batch).
pub fn board_count(stage: Stage) -> Vec<u8> {
    vec![COUNT, BOARD, stage.index() as u8]
}

fn push_month(k: &mut Vec<u8>, m: Month) {
    k.extend_from_slice(&u16::try_from(m.year).unwrap_or(0).to_be_bytes());
    k.push(m.month as u8);
}

fn read_month(b: &[u8]) -> Option<Month> {
    let year = u16::from_be_bytes(b.get(..2)?.try_into().ok()?);
    Some(Month {
        year: i32::from(year),
        month: u32::from(*b.get(2)?),
    })
}

/// The prefix of the cases that count in a month's cells.
pub fn report_month_prefix(m: Month) -> Vec<u8> {
    let mut k = vec![REPORT];
    push_month(&mut k, m);
    k
}

/// A case's entry for a month: its value lists the cells it counts in.
pub fn report_case(m: Month, no: CaseNo) -> Vec<u8> {
    let mut k = report_month_prefix(m);
    push_case_no(&mut k, no);
    k
}

pub fn parse_report_case(k: &[u8]) -> Option<(Month, CaseNo)> {
    if k.first() != Some(&REPORT) || k.len() != 10 {
        return None;
    }
    Some((read_month(&k[1..])?, read_case_no(&k[4..])?))
}

/// A cell's branch as a byte: 0 for the cells that count every case.
fn branch_byte(b: Option<Branch>) -> u8 {
    b.map_or(0, |b| b as u8 + 1)
}

fn read_branch(byte: u8) -> Option<Option<Branch>> {
    match byte {
        0 => Some(None),
        n => Branch::ALL.get(usize::from(n - 1)).map(|b| Some(*b)),
    }
}

/// The cells of a case's month entry: (branch u8, column u8, amount u64) each.
pub fn report_cells_value(cells: &[(Option<Branch>, Column, u64)]) -> Vec<u8> {
    let mut v = Vec::with_capacity(cells.len() * 10);
    for (b, c, n) in cells {
        v.push(branch_byte(*b));
        v.push(*c as u8);
        v.extend_from_slice(&n.to_be_bytes());
    }
    v
}

pub fn parse_report_cells(v: &[u8]) -> Option<Vec<(Option<Branch>, Column, u64)>> {
    if !v.len().is_multiple_of(10) {
        return None;
    }
    v.chunks(10)
        .map(|c| {
            let branch = read_branch(c[0])?;
            let column = *Column::ALL.get(usize::from(c[1]))?;
            Some((
                branch,
                column,
                u64::from_be_bytes(c[2..10].try_into().ok()?),
            ))
        })
        .collect()
}

/// The counters of a month's cells.
pub fn report_count_prefix(m: Month) -> Vec<u8> {
    let mut k = vec![COUNT, REPORT];
    push_month(&mut k, m);
    k
}

/// The counter of one cell: the sum of its cases' amounts.
pub fn report_count(m: Month, branch: Option<Branch>, column: Column) -> Vec<u8> {
    let mut k = report_count_prefix(m);
    k.push(branch_byte(branch));
    k.push(column as u8);
    k
}

pub fn parse_report_count(k: &[u8]) -> Option<(Month, Option<Branch>, Column)> {
    if k.get(..2) != Some(&[COUNT, REPORT]) || k.len() != 7 {
        return None;
    }
    Some((
        read_month(&k[2..])?,
        read_branch(k[5])?,
        *Column::ALL.get(usize::from(k[6]))?,
    ))
}

pub fn user(name: &str) -> Vec<u8> {
    let mut k = vec![USER];
    k.extend_from_slice(name.as_bytes());
    k
}

pub fn provider(id: &str) -> Vec<u8> {
    let mut k = vec![PROVIDER];
    k.extend_from_slice(id.as_bytes());
    k
}

/// `A` or `Q` entries of a provider: prefix, then the case number.
pub fn provider_case_prefix(tag: u8, id: &str) -> Vec<u8> {
    let mut k = vec![tag];
    k.extend_from_slice(id.as_bytes());
    k.push(0);
    k
}

pub fn provider_case(tag: u8, id: &str, no: CaseNo) -> Vec<u8> {
    let mut k = provider_case_prefix(tag, id);
    push_case_no(&mut k, no);
    k
}

/// A provider's past client: `Q`, provider id, 0x00, the client's name
/// key, 0x00, case no — so that "did this provider act for X" is one range.
pub fn provider_client(id: &str, name_key: &str, no: CaseNo) -> Vec<u8> {
    let mut k = provider_client_prefix(id, name_key);
    push_case_no(&mut k, no);
    k
}

pub fn provider_client_prefix(id: &str, name_key: &str) -> Vec<u8> {
    let mut k = provider_case_prefix(PROVIDER_CLIENT, id);
    k.extend_from_slice(name_key.as_bytes());
    k.push(0);
    k
}

/// The registration draft of a user (one per user).
pub fn draft(user: &str) -> Vec<u8> {
    let mut k = vec![DRAFT];
    k.extend_from_slice(user.as_bytes());
    k
}

pub fn case_no_of_status_key(k: &[u8]) -> Option<CaseNo> {
    read_case_no(k.get(2..)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_keys_sort_by_date_and_round_trip() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let a = DueKey {
            due: d(2026, 1, 31),
            case: CaseNo::new(2026, 9),
            kind: DeadlineKind::Review,
            sub: 0,
        };
        let b = DueKey {
            due: d(2026, 2, 1),
            case: CaseNo::new(2025, 1),
            kind: DeadlineKind::Matter,
            sub: 3,
        };
        assert!(due(&a) < due(&b));
        assert!(due(&a) < due_after(a.due) && due_after(a.due) <= due(&b));
        assert_eq!(parse_due(&due(&b)), Some(b));
        let old = DueKey {
            due: d(1, 1, 1),
            ..a
        };
        assert!(due(&old) < due(&a));
    }
}
