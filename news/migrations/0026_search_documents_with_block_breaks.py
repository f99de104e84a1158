"""Rebuild the articles' search documents: block tags now leave a break where they were stripped
(news.text.plain_text), so "năm 2026.</p><p>Đến" is no longer stored as one run-together word. The same
texts as Article._search_texts, from the historical models."""

from django.db import migrations

from news.text import plain_text, search_text


def rebuild_article_search_documents(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    Photo = apps.get_model("news", "Photo")
    ArticleTranslation = apps.get_model("news", "ArticleTranslation")
    for article in Article.objects.all().iterator():
        titles, texts = [article.title], [article.lead, plain_text(article.body)]
        for title, lead, body in ArticleTranslation.objects.filter(article=article, status="published").values_list(
            "title", "lead", "body"
        ):
            titles.append(title)
            texts += [lead, plain_text(body)]
        captions = Photo.objects.filter(article=article).values_list("caption", "caption_ru", "caption_en")
        texts += [text for row in captions for text in row]
        Article.objects.filter(pk=article.pk).update(
            search_title=search_text(*titles), search_document=search_text(*titles, *texts)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0025_event_calendar_fields"),
    ]

    operations = [migrations.RunPython(rebuild_article_search_documents, migrations.RunPython.noop, elidable=True)]
