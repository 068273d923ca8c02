"""The registry of demo loaders (plans.demo_registry) that load_demo runs."""

from django.utils.module_loading import autodiscover_modules

from plans import demo_registry


def test_every_apps_loader_is_found_and_runs_in_its_order():
    autodiscover_modules("demo")
    names = [loader.name for loader in demo_registry.loaders()]
    assert names == [
        "history",
        "logs",
        "crisis",
        "campaigns",
        "media",
        "listening",
        "automatic_rollup",
        "reports",
        "planning",
        "transparency",
    ]


def test_registering_a_name_again_replaces_its_loader(monkeypatch):
    monkeypatch.setattr(demo_registry, "_LOADERS", {})
    demo_registry.register("b", order=20, load=lambda: "b")
    demo_registry.register("a", order=10, load=lambda: "first")
    demo_registry.register("a", order=10, load=lambda: "second")
    assert [(loader.name, loader.load()) for loader in demo_registry.loaders()] == [("a", "second"), ("b", "b")]
