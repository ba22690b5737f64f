"""URLs for the harness tests only: sample pages that exercise base.html and the form includes.

Tests point `settings.ROOT_URLCONF` here; the product's URLconf never includes it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import include, path

SAMPLE_PAGE = """{% extends "base.html" %}{% load i18n %}
{% block title %}サンプル画面{% endblock %}
{% block nav %}
<nav class="jt-nav" aria-label="メインメニュー"><div class="jt-container">
  <ul class="jt-nav__list">
    <li><a class="jt-nav__link" href="/" aria-current="page">ホーム</a></li>
    <li><a class="jt-nav__link" href="/form/">申請</a></li>
    <li><a class="jt-nav__link" href="/missing/">お知らせ</a></li>
  </ul>
</div></nav>
{% endblock %}
{% block content %}
<h1>転入届のご案内</h1>
<p class="jt-lead">引っ越してきた日から14日以内に、住所の届出をしてください。</p>
<div class="jt-button-group">
  <a class="jt-button jt-button--primary" href="/form/">申請をはじめる</a>
  <button class="jt-button jt-button--secondary" type="button">下書きを保存</button>
  <button class="jt-button jt-button--danger" type="button">取り消す</button>
</div>
<h2>手続きの状況</h2>
<div class="jt-table-wrap" role="region" aria-label="手続きの状況" tabindex="0">
  <table class="jt-table">
    <caption>最近の手続き</caption>
    <thead><tr><th scope="col">受付番号</th><th scope="col">手続き</th><th scope="col">受付日</th><th scope="col">状態</th><th scope="col" class="jt-num">手数料</th></tr></thead>
    <tbody>
      <tr><td class="jt-nowrap">R7-000123</td><td>転入届</td><td>令和7年4月1日</td><td><span class="jt-tag jt-tag--success">完了</span></td><td class="jt-num">0円</td></tr>
      <tr><td class="jt-nowrap">R7-000124</td><td>住民票の写しの交付</td><td>令和7年4月2日</td><td><span class="jt-tag jt-tag--info">審査中</span></td><td class="jt-num">300円</td></tr>
      <tr><td class="jt-nowrap">R7-000125</td><td>印鑑登録</td><td>令和7年4月3日</td><td><span class="jt-tag jt-tag--warning">書類不足</span></td><td class="jt-num">300円</td></tr>
      <tr><td class="jt-nowrap">R7-000126</td><td>児童手当</td><td>令和7年4月4日</td><td><span class="jt-tag jt-tag--error">差戻し</span></td><td class="jt-num">0円</td></tr>
      <tr><td class="jt-nowrap">R7-000127</td><td>国民健康保険</td><td>令和7年4月5日</td><td><span class="jt-tag">下書き</span></td><td class="jt-num">0円</td></tr>
    </tbody>
  </table>
</div>
<h2>よく使う手続き</h2>
<ul class="jt-grid">
  <li class="jt-card jt-card--link"><h3 class="jt-card__title"><a href="/form/">住民票の写し</a></h3><p>マイナンバーカードでオンライン申請できます。</p></li>
  <li class="jt-card jt-card--link"><h3 class="jt-card__title"><a href="/form/">転出届</a></h3><p>引っ越しの前に届け出てください。</p></li>
  <li class="jt-card jt-card--link"><h3 class="jt-card__title"><a href="/form/">窓口の予約</a></h3><p>待ち時間なく手続きできます。</p></li>
</ul>
{% endblock %}
"""

SAMPLE_FORM_PAGE = """{% extends "base.html" %}
{% block title %}転入届の入力{% endblock %}
{% block content %}
<h1>転入届の入力</h1>
<form class="jt-form" method="post" action="/form/" novalidate>
  {% csrf_token %}
  {% include "includes/form_errors.html" with form=form %}
  {% for field in form %}{% include "includes/field.html" with field=field hint_optional=True %}{% endfor %}
  <div class="jt-button-group">
    <button class="jt-button jt-button--primary" type="submit">確認画面へ進む</button>
    <a class="jt-button jt-button--secondary" href="/">入力をやめる</a>
  </div>
</form>
{% endblock %}
"""


class MoveInSampleForm(forms.Form):
    name = forms.CharField(
        label="氏名", max_length=40, help_text="住民票に記載の氏名を入力してください。"
    )
    name_kana = forms.CharField(label="氏名（フリガナ）", max_length=80, required=False)
    postal_code = forms.CharField(
        label="郵便番号",
        max_length=8,
        help_text="半角数字7桁（例：3792311）",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    moved_on = forms.DateField(
        label="転入した日", widget=forms.DateInput(attrs={"type": "date"}), required=True
    )
    reason = forms.ChoiceField(
        label="届出の理由",
        choices=[("move_in", "転入"), ("return", "国外からの転入")],
        widget=forms.RadioSelect,
    )
    counter = forms.ChoiceField(
        label="受け取る窓口",
        choices=[("", "選択してください"), ("main", "本庁舎"), ("branch", "支所")],
        required=False,
    )
    note = forms.CharField(label="備考", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label="入力内容に誤りがないことを確認しました")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.errors:
            raise forms.ValidationError("入力内容に誤りがあるため、まだ送信されていません。")
        return cleaned


def _render(request: HttpRequest, source: str, context: dict[str, object]) -> HttpResponse:
    template = engines["django"].from_string(source)
    return HttpResponse(template.render(context, request))


def sample_page(request: HttpRequest, lg_code: str | None = None) -> HttpResponse:
    if request.GET.get("messages"):
        messages.success(request, "申請を受け付けました。")
        messages.info(request, "受付番号は R7-000124 です。")
        messages.warning(request, "添付書類が不足しています。")
        messages.error(request, "送信できませんでした。")
    return _render(request, SAMPLE_PAGE, {})


def sample_form(request: HttpRequest) -> HttpResponse:
    form = MoveInSampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        messages.success(request, "入力を確認しました。")
    return _render(request, SAMPLE_FORM_PAGE, {"form": form})


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, f"{status}.html", status=status)


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("harness: a deliberate server error")


urlpatterns = [
    path("", sample_page),
    path("form/", sample_form),
    path("boom/", boom),
    path("errors/<int:status>/", error_page),
    path("i18n/", include("django.conf.urls.i18n")),
    path("<str:lg_code>/", sample_page),
]

handler500 = "jichitai.config.views.server_error"
