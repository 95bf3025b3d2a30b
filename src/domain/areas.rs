//! County-level administrative division codes (GB/T 2260) with names.
//!
//! Not the full national table: a selection of real codes weighted towards
//! Hunan (where the center works), used to show where an ID number was
//! issued and to generate plausible demo data. Codes stay in ID numbers
//! after a district is renamed or merged, so a few former codes are kept.

pub struct Area {
    pub code: &'static str,
    pub name: &'static str,
    pub province: &'static str,
}

/// Shorthand so the table below stays one line per area.
const fn a(code: &'static str, name: &'static str, province: &'static str) -> Area {
    Area {
        code,
        name,
        province,
    }
}

const HN: &str = "湖南省";
const BJ: &str = "北京市";
const GD: &str = "广东省";
const SC: &str = "四川省";
const HA: &str = "河南省";
const GX: &str = "广西壮族自治区";
const JX: &str = "江西省";
const HB: &str = "湖北省";

pub const AREAS: &[Area] = &[
    // 湖南省 株洲市
    a("430202", "荷塘区", HN),
    a("430203", "芦淞区", HN),
    a("430204", "石峰区", HN),
    a("430211", "天元区", HN),
    a("430212", "渌口区", HN),
    a("430223", "攸县", HN),
    a("430224", "茶陵县", HN),
    a("430225", "炎陵县", HN),
    a("430281", "醴陵市", HN),
    // 湖南省 长沙市
    a("430102", "芙蓉区", HN),
    a("430103", "天心区", HN),
    a("430104", "岳麓区", HN),
    a("430105", "开福区", HN),
    a("430111", "雨花区", HN),
    a("430112", "望城区", HN),
    a("430121", "长沙县", HN),
    a("430181", "浏阳市", HN),
    a("430182", "宁乡市", HN),
    // 湖南省 湘潭市
    a("430302", "雨湖区", HN),
    a("430304", "岳塘区", HN),
    a("430321", "湘潭县", HN),
    a("430381", "湘乡市", HN),
    a("430382", "韶山市", HN),
    // 湖南省 衡阳市
    a("430405", "珠晖区", HN),
    a("430406", "雁峰区", HN),
    a("430407", "石鼓区", HN),
    a("430408", "蒸湘区", HN),
    a("430412", "南岳区", HN),
    a("430421", "衡阳县", HN),
    a("430422", "衡南县", HN),
    a("430423", "衡山县", HN),
    a("430424", "衡东县", HN),
    a("430426", "祁东县", HN),
    a("430481", "耒阳市", HN),
    a("430482", "常宁市", HN),
    // 湖南省 邵阳市
    a("430502", "双清区", HN),
    a("430503", "大祥区", HN),
    a("430511", "北塔区", HN),
    a("430522", "新邵县", HN),
    a("430523", "邵阳县", HN),
    a("430524", "隆回县", HN),
    a("430525", "洞口县", HN),
    a("430581", "武冈市", HN),
    // 湖南省 岳阳市
    a("430602", "岳阳楼区", HN),
    a("430603", "云溪区", HN),
    a("430611", "君山区", HN),
    a("430621", "岳阳县", HN),
    a("430623", "华容县", HN),
    a("430624", "湘阴县", HN),
    a("430626", "平江县", HN),
    a("430681", "汨罗市", HN),
    a("430682", "临湘市", HN),
    // 湖南省 常德市
    a("430702", "武陵区", HN),
    a("430703", "鼎城区", HN),
    a("430721", "安乡县", HN),
    a("430722", "汉寿县", HN),
    a("430723", "澧县", HN),
    a("430725", "桃源县", HN),
    a("430726", "石门县", HN),
    // 湖南省 张家界市
    a("430802", "永定区", HN),
    a("430811", "武陵源区", HN),
    a("430821", "慈利县", HN),
    a("430822", "桑植县", HN),
    // 湖南省 益阳市
    a("430902", "资阳区", HN),
    a("430903", "赫山区", HN),
    a("430921", "南县", HN),
    a("430922", "桃江县", HN),
    a("430923", "安化县", HN),
    a("430981", "沅江市", HN),
    // 湖南省 郴州市
    a("431002", "北湖区", HN),
    a("431003", "苏仙区", HN),
    a("431021", "桂阳县", HN),
    a("431022", "宜章县", HN),
    a("431023", "永兴县", HN),
    a("431028", "安仁县", HN),
    a("431081", "资兴市", HN),
    // 湖南省 永州市
    a("431102", "零陵区", HN),
    a("431103", "冷水滩区", HN),
    a("431122", "东安县", HN),
    a("431124", "道县", HN),
    a("431126", "宁远县", HN),
    // 湖南省 怀化市
    a("431202", "鹤城区", HN),
    a("431221", "中方县", HN),
    a("431222", "沅陵县", HN),
    a("431224", "溆浦县", HN),
    a("431281", "洪江市", HN),
    // 湖南省 娄底市
    a("431302", "娄星区", HN),
    a("431321", "双峰县", HN),
    a("431322", "新化县", HN),
    a("431381", "冷水江市", HN),
    a("431382", "涟源市", HN),
    // 湖南省 湘西土家族苗族自治州
    a("433101", "吉首市", HN),
    a("433123", "凤凰县", HN),
    a("433127", "永顺县", HN),
    a("433130", "龙山县", HN),
    // 北京市 (崇文区 and 宣武区 were merged away in 2010 but remain in IDs)
    a("110101", "东城区", BJ),
    a("110102", "西城区", BJ),
    a("110103", "崇文区", BJ),
    a("110104", "宣武区", BJ),
    a("110105", "朝阳区", BJ),
    a("110106", "丰台区", BJ),
    a("110107", "石景山区", BJ),
    a("110108", "海淀区", BJ),
    a("110111", "房山区", BJ),
    a("110112", "通州区", BJ),
    a("110114", "昌平区", BJ),
    // 广东省 广州市, 深圳市
    a("440103", "荔湾区", GD),
    a("440104", "越秀区", GD),
    a("440105", "海珠区", GD),
    a("440106", "天河区", GD),
    a("440111", "白云区", GD),
    a("440113", "番禺区", GD),
    a("440303", "罗湖区", GD),
    a("440304", "福田区", GD),
    a("440305", "南山区", GD),
    a("440306", "宝安区", GD),
    a("440307", "龙岗区", GD),
    // 四川省 成都市
    a("510104", "锦江区", SC),
    a("510105", "青羊区", SC),
    a("510106", "金牛区", SC),
    a("510107", "武侯区", SC),
    a("510108", "成华区", SC),
    // 河南省 郑州市
    a("410102", "中原区", HA),
    a("410103", "二七区", HA),
    a("410104", "管城回族区", HA),
    a("410105", "金水区", HA),
    // 广西壮族自治区 南宁市, 桂林市
    a("450102", "兴宁区", GX),
    a("450103", "青秀区", GX),
    a("450105", "江南区", GX),
    a("450107", "西乡塘区", GX),
    a("450302", "秀峰区", GX),
    a("450303", "叠彩区", GX),
    a("450304", "象山区", GX),
    // 江西省 南昌市, 萍乡市 (萍乡 borders Zhuzhou)
    a("360102", "东湖区", JX),
    a("360103", "西湖区", JX),
    a("360104", "青云谱区", JX),
    a("360111", "青山湖区", JX),
    a("360302", "安源区", JX),
    a("360313", "湘东区", JX),
    a("360321", "莲花县", JX),
    a("360322", "上栗县", JX),
    a("360323", "芦溪县", JX),
    // 湖北省 武汉市
    a("420102", "江岸区", HB),
    a("420103", "江汉区", HB),
    a("420104", "硚口区", HB),
    a("420105", "汉阳区", HB),
    a("420106", "武昌区", HB),
    a("420111", "洪山区", HB),
];

/// The area name for a 6-digit code, if it is in the table.
pub fn name_of(code: &str) -> Option<&'static str> {
    AREAS
        .iter()
        .find(|area| area.code == code)
        .map(|area| area.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_six_digits_and_unique() {
        let mut seen = HashSet::new();
        for area in AREAS {
            assert_eq!(area.code.len(), 6, "{}", area.code);
            assert!(
                area.code.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                area.code
            );
            assert!(seen.insert(area.code), "duplicate code {}", area.code);
            assert!(!area.name.is_empty() && !area.province.is_empty());
        }
    }

    #[test]
    fn province_matches_code_prefix() {
        // The first two digits of a code identify the province.
        let prefix = |province: &str| match province {
            HN => "43",
            BJ => "11",
            GD => "44",
            SC => "51",
            HA => "41",
            GX => "45",
            JX => "36",
            HB => "42",
            _ => "",
        };
        for area in AREAS {
            assert!(
                area.code.starts_with(prefix(area.province)),
                "{}",
                area.code
            );
        }
    }

    #[test]
    fn lookup_by_code() {
        assert_eq!(name_of("430204"), Some("石峰区"));
        assert_eq!(name_of("430281"), Some("醴陵市"));
        assert_eq!(name_of("110105"), Some("朝阳区"));
        assert_eq!(name_of("999999"), None);
        assert_eq!(name_of(""), None);
    }
}
