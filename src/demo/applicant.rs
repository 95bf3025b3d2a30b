//! The demo's applicants: names, ages, ID numbers, phones, addresses and
//! the groups they belong to.

use super::*;

impl Generator {
    // --- the applicant ----------------------------------------------------

    pub(super) fn surname(&mut self) -> &'static str {
        match self.rng.random_range(0..100) {
            0..50 => self.pick(&SURNAMES[..10]),
            50..92 => self.pick(&SURNAMES[10..]),
            92..98 => self.pick(RARE_SURNAMES),
            _ => self.pick(COMPOUND_SURNAMES),
        }
    }

    /// One or two given-name characters after `surname`.
    pub(super) fn name_in(&mut self, surname: &str, sex: Sex) -> String {
        let mut name = String::with_capacity(12);
        name.push_str(surname);
        let len = if self.chance(0.3) { 1 } else { 2 };
        for _ in 0..len {
            let list = if self.chance(0.15) {
                NEUTRAL_GIVEN
            } else if sex == Sex::Male {
                MALE_GIVEN
            } else {
                FEMALE_GIVEN
            };
            name.push_str(self.pick(list));
        }
        name
    }

    pub(super) fn name(&mut self, sex: Sex) -> String {
        let surname = self.surname();
        self.name_in(surname, sex)
    }

    pub(super) fn person(&mut self, matter: Matter, received: NaiveDate) -> Person {
        let p_female = match matter {
            Matter::DomesticViolence => 0.85,
            Matter::Marriage => 0.65,
            Matter::Defense => 0.12,
            Matter::Wages | Matter::WorkInjury | Matter::LaborRelation => 0.25,
            _ => 0.5,
        };
        let sex = if self.chance(p_female) {
            Sex::Female
        } else {
            Sex::Male
        };
        let (lo, hi) = self.age_range(matter);
        let age = self.skewed(lo, hi);
        // `age` full years and up to 360 days before the received date.
        let anniversary = received
            .checked_sub_months(Months::new(age * 12))
            .unwrap_or(received - Days::new(u64::from(age) * 366));
        let birth = anniversary - Days::new(self.rng.random_range(0..=360));
        let age = received.years_since(birth).unwrap_or(age);
        let surname = self.surname();
        let name = self.name_in(surname, sex);
        Person {
            name,
            surname,
            sex,
            birth,
            age,
        }
    }

    /// Age range (skewed to the young end) for the applicant of a matter.
    pub(super) fn age_range(&mut self, matter: Matter) -> (u32, u32) {
        match matter {
            Matter::Defense if self.chance(0.08) => (14, 17),
            Matter::Defense => (18, 70),
            Matter::Support => match self.rng.random_range(0..100) {
                0..40 => (10, 17),
                40..85 => (60, 85),
                _ => (25, 50),
            },
            Matter::CompulsoryTreatment => (20, 60),
            Matter::Wages | Matter::LaborRelation | Matter::WorkInjury => (18, 62),
            Matter::Pension | Matter::SocialInsurance => (35, 85),
            Matter::DomesticViolence => (20, 65),
            Matter::Marriage => (22, 70),
            Matter::Victim => (12, 80),
            Matter::Incapacity => (25, 80),
            _ => (18, 85),
        }
    }

    pub(super) fn applicant(
        &mut self,
        person: &Person,
        matter: Matter,
        channel: Channel,
        received: NaiveDate,
    ) -> ApplicantRecord {
        let migrant = matches!(
            matter,
            Matter::Wages | Matter::WorkInjury | Matter::LaborRelation
        ) && person.age >= 18
            && self.chance(0.6);
        let (id_number, gender, birth_date) = if self.chance(0.95) {
            let area = self.area(migrant);
            let seq = self.rng.random_range(0..500u16) * 2 + u16::from(person.sex == Sex::Male);
            let id = idnumber::make(area, person.birth, seq);
            (Some(id.to_string()), None, None)
        } else {
            // No ID number: sometimes what the applicant told us, sometimes nothing.
            let gender = match person.sex {
                Sex::Male => "male",
                Sex::Female => "female",
            };
            match self.rng.random_range(0..4) {
                0 | 1 => (None, Some(gender.to_string()), Some(ymd(person.birth))),
                2 => (None, Some(gender.to_string()), None),
                _ => (None, None, None),
            }
        };
        let p_phone = if channel == Channel::Notified {
            0.6
        } else {
            0.92
        };
        let phone = self.chance(p_phone).then(|| self.phone());
        let address = self.chance(0.9).then(|| self.address());
        let age_known = id_number.is_some() || birth_date.is_some();
        let groups = self.groups(person, matter, migrant, age_known, received);
        ApplicantRecord {
            name: person.name.clone(),
            id_number,
            phone,
            address,
            gender,
            birth_date,
            groups,
        }
    }

    pub(super) fn area(&mut self, migrant: bool) -> &'static str {
        let roll = self.rng.random_range(0..100);
        let (home, zhuzhou, hunan) = if migrant { (15, 40, 75) } else { (40, 65, 87) };
        if roll < home {
            HOME_AREA
        } else if roll < zhuzhou {
            let i = self.rng.random_range(0..self.areas.zhuzhou.len());
            self.areas.zhuzhou[i]
        } else if roll < hunan {
            let i = self.rng.random_range(0..self.areas.hunan.len());
            self.areas.hunan[i]
        } else {
            let i = self.rng.random_range(0..self.areas.elsewhere.len());
            self.areas.elsewhere[i]
        }
    }

    pub(super) fn phone(&mut self) -> String {
        const PREFIXES: &[u32] = &[
            130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157,
            158, 159, 166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188,
            189, 191, 198, 199,
        ];
        if self.chance(0.04) {
            // A Zhuzhou landline.
            return format!("0731-2{:07}", self.rng.random_range(0..10_000_000u32));
        }
        let prefix = self.pick(PREFIXES);
        let rest = self.rng.random_range(0..100_000_000u32);
        format!("{prefix}{rest:08}")
    }

    pub(super) fn address(&mut self) -> String {
        let no = self.rng.random_range(1..=300u32);
        match self.rng.random_range(0..100) {
            0..45 => {
                let (s, r) = (self.pick(STREETS), self.pick(ROADS));
                format!("湖南省株洲市石峰区{s}{r}{no}号")
            }
            45..75 => {
                let (s, r) = (self.pick(STREETS), self.pick(ROADS));
                let b = self.rng.random_range(1..=20u32);
                let room = self.rng.random_range(1..=18u32) * 100 + self.rng.random_range(1..=4u32);
                format!("湖南省株洲市石峰区{s}{r}{no}号{b}栋{room}室")
            }
            75..90 => {
                let (d, r) = (self.pick(OTHER_DISTRICTS), self.pick(ROADS));
                format!("湖南省株洲市{d}{r}{no}号")
            }
            _ => {
                let (c, t, v) = (self.pick(COUNTIES), self.pick(TOWNS), self.pick(VILLAGES));
                let group = self.rng.random_range(1..=12u32);
                format!("湖南省株洲市{c}{t}{v}{group}组")
            }
        }
    }

    pub(super) fn groups(
        &mut self,
        person: &Person,
        matter: Matter,
        migrant: bool,
        age_known: bool,
        received: NaiveDate,
    ) -> Vec<String> {
        let mut groups = Vec::new();
        let mut add = |g: Group| groups.push(g.code().to_string());
        debug_assert!(person.birth <= received);
        if age_known && person.age < 18 {
            add(Group::Minor);
        }
        if age_known && person.age >= 60 {
            add(Group::Elderly);
        }
        if self.chance(0.06) {
            add(Group::Disabled);
        }
        if migrant {
            add(Group::MigrantWorker);
        }
        let p_violence = match matter {
            Matter::DomesticViolence => 0.9,
            Matter::Marriage => 0.2,
            _ => 0.0,
        };
        if self.chance(p_violence) {
            add(Group::DomesticViolenceVictim);
        }
        let (p_martyr, p_care) = match matter {
            Matter::Pension => (0.15, 0.2),
            _ => (0.003, 0.01),
        };
        if self.chance(p_martyr) {
            add(Group::MartyrRelative);
        }
        if self.chance(p_care) {
            add(Group::PreferentialCare);
        }
        let p_samaritan = if matter == Matter::Victim {
            0.03
        } else {
            0.002
        };
        if self.chance(p_samaritan) {
            add(Group::GoodSamaritan);
        }
        let p_assistance = match matter {
            Matter::SocialInsurance | Matter::Support => 0.25,
            _ => 0.08,
        };
        if self.chance(p_assistance) {
            add(Group::SocialAssistance);
        }
        // The groups of the national tables, from the second stream.
        let p_farmer = if migrant { 0.0 } else { 0.25 };
        for (group, p) in [
            (Group::Farmer, p_farmer),
            (Group::EthnicMinority, 0.03),
            (Group::MilitaryFamily, 0.01),
            (Group::Foreigner, 0.004),
            (Group::BlindDeafMute, 0.006),
            (Group::Poor, 0.1),
        ] {
            if self.extra.random_bool(p) {
                add(group);
            }
        }
        groups
    }
}
