app_name = "statuspages"

urlpatterns: list = []
