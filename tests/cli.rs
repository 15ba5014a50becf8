//! The command line as a user meets it outside a document: manual pages.

mod common;

use common::*;

#[test]
fn manual_pages_come_from_the_same_definitions_as_help() {
    let page = crmspec(&["man"]);
    assert_eq!(page.status.code(), Some(0), "{}", stderr(&page));
    let page = stdout(&page);
    assert!(page.contains(".TH crmspec 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    for sub in ["render", "check", "grid", "score", "serve", "init"] {
        assert!(
            page.contains(&format!("crmspec\\-{sub}(1)")),
            "{sub} listed"
        );
        let sub_page = crmspec(&["man", sub]);
        assert_eq!(sub_page.status.code(), Some(0));
        let sub_page = stdout(&sub_page);
        assert!(
            sub_page.contains(&format!(".TH crmspec-{sub} 1")),
            "{sub_page}"
        );
        assert!(
            sub_page.contains(&format!("\\fBcrmspec {sub}\\fR")),
            "{sub_page}"
        );
    }
    let render = stdout(&crmspec(&["man", "render"]));
    assert!(render.contains("\\-\\-format"), "the options, as in --help");
    assert!(
        !page.contains("crmspec\\-man(1)"),
        "the man subcommand itself is hidden"
    );

    let wrong = crmspec(&["man", "rendre"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("render"), "{}", stderr(&wrong));
}
