package dev.seatbooking.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code /console/} is the console's start page, as {@code /} is the buyer's (Spring Boot's welcome page). */
@Configuration(proxyBeanMethods = false)
class PageRoutes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry pages) {
        pages.addViewController("/console/").setViewName("forward:/console/index.html");
        pages.addRedirectViewController("/console", "/console/");
    }
}
