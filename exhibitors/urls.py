from django.urls import path

from exhibitors import views

urlpatterns = [
    path("pavilion/", views.pavilion, name="pavilion"),
    path("pavilion/<slug:slug>/", views.public_exhibitor, name="pavilion-exhibitor"),
    path("exhibitor/", views.exhibitor_home, name="exhibitor-home"),
]
