"""Django without a project: settings.configure, an app with models,
django.setup(), and a query on an in-memory SQLite database."""
import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                           "NAME": ":memory:"}},
    INSTALLED_APPS=["django.contrib.contenttypes", "shop"],
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
)
django.setup()

from django.db import connection  # noqa: E402

from shop.models import Product  # noqa: E402


def main():
    with connection.schema_editor() as editor:
        editor.create_model(Product)
    Product.objects.bulk_create([Product(name="tea", price=3),
                                 Product(name="cake", price=5)])
    cheap = Product.objects.filter(price__lt=4).values_list("name", flat=True)
    print(list(cheap), Product.objects.count())


if __name__ == "__main__":
    main()
