"""Make the database refuse a target whose period falls outside its plan's vigencia.

The rule spans two tables (target → indicator → plan), which a CHECK constraint cannot see, so
it is a trigger. Target.clean() says the same thing to people, in Spanish; this is the last
line for any other writer (raw SQL, a bulk path, a future import).

PostgreSQL only: on SQLite, Django alters a table by rebuilding and renaming it, and a trigger
whose body names another table breaks that rename. The embedded SQLite default relies on the
models' validation, which every write path of the product runs.
"""

from django.db import migrations

POSTGRES_CREATE = [
    """
    CREATE FUNCTION target_inside_vigencia() RETURNS trigger AS $$
    DECLARE
      v_start date;
      v_end date;
      p_end date;
    BEGIN
      IF NEW.period_type = 'vigencia' THEN
        RETURN NEW;
      END IF;
      SELECT p.vigencia_start, p.vigencia_end INTO v_start, v_end
        FROM indicators_indicator i JOIN plans_plan p ON p.id = i.plan_id
        WHERE i.id = NEW.indicator_id;
      p_end := NEW.period_start + CASE NEW.period_type
          WHEN 'mes' THEN interval '1 month'
          WHEN 'trimestre' THEN interval '3 months'
          ELSE interval '1 year' END - interval '1 day';
      IF NEW.period_start < v_start OR p_end > v_end THEN
        RAISE EXCEPTION 'target_inside_vigencia: target period outside the plan vigencia'
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER target_inside_vigencia BEFORE INSERT OR UPDATE ON indicators_target
    FOR EACH ROW EXECUTE FUNCTION target_inside_vigencia();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS target_inside_vigencia ON indicators_target;",
    "DROP FUNCTION IF EXISTS target_inside_vigencia();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_roles")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE}),
            _run({"postgresql": POSTGRES_DROP}),
        )
    ]
