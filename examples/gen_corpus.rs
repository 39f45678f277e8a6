//! Writes a valid handbook of N documents for benchmarks: Chinese text, subfolders, references
//! between documents, links with heading anchors. `opsbook check` reports nothing on it.
//!
//! cargo run --release --example gen_corpus -- OUT_DIR N

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator: same N, same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n.max(1)
    }
}

const PHRASES: &[&str] = &[
    "客户投诉处理",
    "退款审核",
    "工单流转",
    "服务质量",
    "应急演练",
    "数据分析",
    "满意度回访",
    "物流异常",
    "系统故障",
    "知识库更新",
    "排班调整",
    "质检抽查",
    "大促保障",
    "首次响应",
    "升级处理",
    "风险控制",
    "customer follow-up",
    "refund review",
    "escalation",
    "on-call rotation",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push_str(if i % 4 == 0 { "，" } else { "" });
        }
        s.push_str(rng.pick(PHRASES));
        s.push_str(rng.pick(&["需要", "应当", "由专人", "按规定", "及时", "统一"]));
    }
    s.push('。');
    s
}

fn body(rng: &mut Rng, links: &[String]) -> String {
    let mut b = String::new();
    for section in 0..3 {
        let _ = writeln!(b, "## 第{}部分 {}\n", section + 1, rng.pick(PHRASES));
        let _ = writeln!(b, "{}\n", sentence(rng, 8));
        let _ = writeln!(
            b,
            "| 项目 | 要求 |\n|---|---|\n| {} | {} |\n",
            rng.pick(PHRASES),
            sentence(rng, 2)
        );
        if let Some(link) = links.get(section) {
            let _ = writeln!(b, "参见[相关文档]({link})。\n");
        }
    }
    b
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: gen_corpus OUT_DIR N");
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .expect("usage: gen_corpus OUT_DIR N");
    let out = Path::new(&out);
    let mut rng = Rng(n as u64);
    let write = |rel: &str, text: &str| {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "handbook.yaml",
        "title: 基准测试手册\nlanguage: zh-CN\nreview:\n  every: 12 months\n  warn_within: 30 days\n",
    );

    let roles = (n / 20).max(3);
    let kpis = (n / 10).max(2);
    let workflows = (n / 10).max(1);
    let sops = n.saturating_sub(roles + kpis + workflows + 1).max(1);
    let role = |i: usize| format!("role-{i}");
    let depts = ["cs", "ops", "data", "tech"];

    write(
        "overview/company.md",
        &format!(
            "---\ntitle: 公司概况\ncompany: 基准科技\nmission: {}\ndepartments:\n{}---\n\n{}",
            sentence(&mut rng, 3),
            depts
                .iter()
                .map(|d| format!("  - id: {d}\n    name: 部门{d}\n    lead: role-0\n"))
                .collect::<String>(),
            body(&mut rng, &[]),
        ),
    );
    for i in 0..roles {
        let boss = if i == 0 {
            String::new()
        } else {
            format!("reports_to: {}\n", role((i - 1) / 4))
        };
        let text = format!(
            "---\ntitle: 岗位{i}\ndepartment: {}\n{boss}responsibilities:\n  - {}\n  - {}\nkpis: [kpi-{}]\nmembers: [\"@user-{i}\"]\n---\n\n{}",
            depts[i % 4],
            sentence(&mut rng, 3),
            sentence(&mut rng, 3),
            i % kpis,
            body(
                &mut rng,
                &[format!(
                    "../kpis/kpi-{}.md#第1部分-{}",
                    i % kpis,
                    "PLACEHOLDER"
                )]
            ),
        );
        write(&format!("roles/{}.md", role(i)), &text);
    }
    // The anchor of a kpi's first heading depends on its random phrase: record them as we go.
    let mut kpi_anchor = Vec::with_capacity(kpis);
    for i in 0..kpis {
        let b = body(&mut rng, &[]);
        let heading = b
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("## ")
            .to_string();
        kpi_anchor.push(opsbook::markdown::slug(&heading));
        let text = format!(
            "---\ntitle: 指标{i}\nowners: [{}]\ndefinition: {}\ntarget: \">= 95%\"\nfrequency: monthly\napplies_to: [{}]\n---\n\n{b}",
            role(i % roles),
            sentence(&mut rng, 2),
            role((i + 1) % roles),
        );
        write(&format!("kpis/kpi-{i}.md"), &text);
    }
    // Fix up the role links now that the anchors are known.
    for i in 0..roles {
        let path = out.join(format!("roles/{}.md", role(i)));
        let text = std::fs::read_to_string(&path).unwrap();
        let fixed = text.replace(
            &format!("kpi-{}.md#第1部分-PLACEHOLDER", i % kpis),
            &format!("kpi-{}.md#{}", i % kpis, kpi_anchor[i % kpis]),
        );
        std::fs::write(&path, fixed).unwrap();
    }
    for i in 0..workflows {
        let mut steps = String::new();
        for s in 0..5 {
            let _ = write!(
                steps,
                "  - id: s{s}\n    action: {}\n    role: {}\n    within: {} hours\n    sop: sop-{}\n",
                sentence(&mut rng, 2),
                role(rng.below(roles)),
                s + 1,
                (i * 5 + s) % sops,
            );
        }
        let text = format!(
            "---\ntitle: 流程{i}\nowners: [{}]\ntrigger: {}\nsteps:\n{steps}---\n\n{}",
            role(i % roles),
            sentence(&mut rng, 2),
            body(
                &mut rng,
                &[format!(
                    "../kpis/kpi-{}.md#{}",
                    i % kpis,
                    kpi_anchor[i % kpis]
                )]
            ),
        );
        write(&format!("workflows/wf-{i}.md"), &text);
    }
    for i in 0..sops {
        let mut steps = String::new();
        for s in 0..6 {
            let _ = write!(
                steps,
                "  - id: step-{s}\n    action: {}\n    role: {}\n    within: {}分钟\n    details: {}\n",
                sentence(&mut rng, 3),
                role(rng.below(roles)),
                (s + 1) * 10,
                sentence(&mut rng, 4),
            );
        }
        let folder = [
            "sops",
            "sops/customer-service",
            "sops/logistics",
            "sops/data",
        ][i % 4];
        let up = if folder == "sops" { "../" } else { "../../" };
        let month = 1 + i % 9;
        let text = format!(
            "---\ntitle: 标准操作流程{i} {}\nowners: [{}]\nreview:\n  last: 2026-{month:02}-15\n  every: 12 months\n  by: {}\nversion: \"1.{}\"\neffective: 2026-{month:02}-20\ntags: [基准, {}]\nrelated: [\"kpi:kpi-{}\"]\npurpose: {}\nscope: {}\nresources:\n  - 工单系统\n  - {}\nsteps:\n{steps}control_points:\n  - step: step-1\n    check: {}\n    standard: {}\n  - step: 3\n    check: {}\nquality_standards:\n  - {}\nkpis: [kpi-{}]\nworkflow: wf-{}\n---\n\n{}",
            rng.pick(PHRASES),
            role(i % roles),
            role((i + 1) % roles),
            i % 10,
            rng.pick(PHRASES),
            i % kpis,
            sentence(&mut rng, 3),
            sentence(&mut rng, 2),
            rng.pick(PHRASES),
            sentence(&mut rng, 2),
            sentence(&mut rng, 2),
            sentence(&mut rng, 2),
            sentence(&mut rng, 2),
            i % kpis,
            i % workflows,
            body(
                &mut rng,
                &[
                    format!("{up}roles/{}.md", role(i % roles)),
                    format!("{up}kpis/kpi-{}.md#{}", i % kpis, kpi_anchor[i % kpis]),
                ]
            ),
        );
        write(&format!("{folder}/sop-{i}.md"), &text);
    }
    eprintln!(
        "wrote {} documents to {}",
        1 + roles + kpis + workflows + sops,
        out.display()
    );
}
