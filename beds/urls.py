app_name = "beds"

urlpatterns: list = []
