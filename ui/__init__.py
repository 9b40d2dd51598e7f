"""GOV.UK Design System controls as Django widgets, the form renderer and shared template helpers."""
